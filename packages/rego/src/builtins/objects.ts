// object.* builtins.
import { RegoNumber, RegoObject, RegoSet, type Value, valuesEqual } from "../value/index.js";
import { objectOperand } from "./operands.js";
import { type BuiltinDef, BuiltinError, operandTypeError } from "./registry.js";

/** The keys named by an object (its keys), a set or an array operand. */
function keysOperand(v: Value, pos: number): Iterable<Value> {
  if (v instanceof RegoObject) return v.keys();
  if (v instanceof RegoSet || Array.isArray(v)) return v;
  throw operandTypeError(pos, "one of {object, set, array}", v);
}

/** One step of a path through a composite value, as OPA's Term.Get. */
function child(v: Value, k: Value): Value | undefined {
  if (v instanceof RegoObject) return v.get(k);
  if (Array.isArray(v)) {
    if (!(k instanceof RegoNumber) || !k.isSmallInt()) return undefined;
    return v[k.toNumber()];
  }
  if (v instanceof RegoSet) return v.has(k) ? k : undefined;
  return undefined;
}

function get(obj: RegoObject, key: Value, dflt: Value): Value {
  if (!Array.isArray(key)) return obj.get(key) ?? dflt;
  if (key.length === 0) return obj;
  let v: Value | undefined = obj;
  for (const k of key) {
    v = child(v, k);
    if (v === undefined) return dflt;
  }
  return v;
}

function union(a: RegoObject, b: RegoObject): RegoObject {
  const out = RegoObject.fromEntries(a);
  for (const [k, v] of b) {
    const mine = out.get(k);
    out.set(k, mine instanceof RegoObject && v instanceof RegoObject ? union(mine, v) : v);
  }
  return out;
}

function isSubarray(sup: readonly Value[], sub: readonly Value[]): boolean {
  if (sub.length === 0) return true;
  for (let i = 0; i + sub.length <= sup.length; i++) {
    let j = 0;
    while (j < sub.length && valuesEqual(sup[i + j]!, sub[j]!)) j++;
    if (j === sub.length) return true;
  }
  return false;
}

function isSubset(sup: Value, sub: Value): boolean {
  if (sup instanceof RegoObject && sub instanceof RegoObject) {
    for (const [k, v] of sub) {
      const w = sup.get(k);
      if (w === undefined) return false;
      const nested =
        (w instanceof RegoObject && v instanceof RegoObject) ||
        (w instanceof RegoSet && v instanceof RegoSet) ||
        (Array.isArray(w) && Array.isArray(v));
      if (nested ? !isSubset(w, v) : !valuesEqual(w, v)) return false;
    }
    return true;
  }
  if (sup instanceof RegoSet && sub instanceof RegoSet) {
    for (const x of sub) if (!sup.has(x)) return false;
    return true;
  }
  if (Array.isArray(sup) && sub instanceof RegoSet) {
    const members = RegoSet.from(sup);
    for (const x of sub) if (!members.has(x)) return false;
    return true;
  }
  if (Array.isArray(sup) && Array.isArray(sub)) return isSubarray(sup, sub);
  return valuesEqual(sup, sub);
}

function subsetOperand(v: Value, pos: number): Value {
  if (v instanceof RegoObject || v instanceof RegoSet || Array.isArray(v)) return v;
  throw operandTypeError(pos, "one of {object, array, set}", v);
}

export const objectsBuiltins: BuiltinDef[] = [
  { name: "object.get", arity: 3, impl: (args) => get(objectOperand(args[0]!, 1), args[1]!, args[2]!) },
  { name: "object.keys", arity: 1, impl: (args) => RegoSet.from(objectOperand(args[0]!, 1).keys()) },
  {
    name: "object.remove",
    arity: 2,
    impl: (args) => {
      const out = RegoObject.fromEntries(objectOperand(args[0]!, 1));
      for (const k of keysOperand(args[1]!, 2)) out.delete(k);
      return out;
    },
  },
  {
    name: "object.filter",
    arity: 2,
    impl: (args) => {
      const obj = objectOperand(args[0]!, 1);
      const out = new RegoObject();
      for (const k of keysOperand(args[1]!, 2)) {
        const v = obj.get(k);
        if (v !== undefined) out.set(k, v);
      }
      return out;
    },
  },
  {
    name: "object.union",
    arity: 2,
    impl: (args) => union(objectOperand(args[0]!, 1), objectOperand(args[1]!, 2)),
  },
  {
    name: "object.union_n",
    arity: 1,
    impl: (args) => {
      const xs = args[0]!;
      if (!Array.isArray(xs)) throw operandTypeError(1, "array", xs);
      let out = new RegoObject();
      for (const x of xs) out = union(out, objectOperand(x, 1));
      return out;
    },
  },
  {
    name: "object.subset",
    arity: 2,
    impl: (args) => {
      const sup = subsetOperand(args[0]!, 1);
      const sub = subsetOperand(args[1]!, 2);
      const compatible =
        (sup instanceof RegoObject && sub instanceof RegoObject) ||
        (sup instanceof RegoSet && sub instanceof RegoSet) ||
        (Array.isArray(sup) && (Array.isArray(sub) || sub instanceof RegoSet));
      if (!compatible)
        throw new BuiltinError(
          "eval_type_error",
          "both arguments to object.subset must be of the same type or array and set",
        );
      return isSubset(sup, sub);
    },
  },
];
