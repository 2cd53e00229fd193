// Aggregates over collections: count, sum, product, max, min, sort and the v0-only all/any.
import { compareValues, RegoNumber, RegoObject, RegoSet, typeName, type Value } from "../value/index.js";
import { type BuiltinDef, BuiltinError, operandTypeError } from "./registry.js";

/** The members of an array or set operand, in order. */
export function collectionOperand(v: Value, pos: number): readonly Value[] {
  if (Array.isArray(v)) return v;
  if (v instanceof RegoSet) return v.values();
  throw operandTypeError(pos, "one of {array, set}", v);
}

function numbers(v: Value): RegoNumber[] {
  const xs = collectionOperand(v, 1);
  for (const x of xs) {
    if (!(x instanceof RegoNumber)) {
      const kind = typeName(v);
      throw new BuiltinError(
        "eval_type_error",
        `operand 1 must be ${kind} of number but got ${kind} containing ${typeName(x)}`,
      );
    }
  }
  return xs as RegoNumber[];
}

function count(v: Value): number {
  if (typeof v === "string") {
    let n = 0;
    for (const _ of v) n++;
    return n;
  }
  if (Array.isArray(v)) return v.length;
  if (v instanceof RegoSet || v instanceof RegoObject) return v.size;
  throw operandTypeError(1, "one of {array, object, set, string}", v);
}

function extreme(v: Value, sign: number): Value | undefined {
  const xs = collectionOperand(v, 1);
  if (xs.length === 0) return undefined;
  let best = xs[0]!;
  for (let i = 1; i < xs.length; i++) if (compareValues(xs[i]!, best) * sign > 0) best = xs[i]!;
  return best;
}

export const aggregatesBuiltins: BuiltinDef[] = [
  { name: "count", arity: 1, impl: (args) => RegoNumber.fromInt(count(args[0]!)) },
  {
    name: "sum",
    arity: 1,
    impl: (args) => numbers(args[0]!).reduce((acc, x) => acc.add(x), RegoNumber.fromInt(0)),
  },
  {
    name: "product",
    arity: 1,
    impl: (args) => numbers(args[0]!).reduce((acc, x) => acc.mul(x), RegoNumber.fromInt(1)),
  },
  { name: "max", arity: 1, impl: (args) => extreme(args[0]!, 1) },
  { name: "min", arity: 1, impl: (args) => extreme(args[0]!, -1) },
  {
    name: "sort",
    arity: 1,
    impl: (args) => {
      const v = args[0]!;
      if (v instanceof RegoSet) return [...v.values()];
      if (!Array.isArray(v)) throw operandTypeError(1, "one of {array, set}", v);
      return [...v].sort(compareValues);
    },
  },
  {
    name: "all",
    arity: 1,
    deprecated: true,
    impl: (args) => collectionOperand(args[0]!, 1).every((x) => x === true),
  },
  {
    name: "any",
    arity: 1,
    deprecated: true,
    impl: (args) => collectionOperand(args[0]!, 1).some((x) => x === true),
  },
];
