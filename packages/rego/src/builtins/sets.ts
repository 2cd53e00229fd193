// Set operators (&, |), n-ary intersection/union over a set of sets, and the v0-only set_diff.
import { RegoSet, type Value } from "../value/index.js";
import { type BuiltinDef, operandTypeError } from "./registry.js";

function setOperand(v: Value, pos: number): RegoSet {
  if (!(v instanceof RegoSet)) throw operandTypeError(pos, "set", v);
  return v;
}

function intersect(a: RegoSet, b: RegoSet): RegoSet {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out = new RegoSet();
  for (const x of small) if (large.has(x)) out.add(x);
  return out;
}

/** The members of a not in b (also the `-` operator on sets). */
export function difference(a: RegoSet, b: RegoSet): RegoSet {
  const out = new RegoSet();
  for (const x of a) if (!b.has(x)) out.add(x);
  return out;
}

function unite(into: RegoSet, from: RegoSet): RegoSet {
  for (const x of from) into.add(x);
  return into;
}

function setsOf(v: Value): RegoSet[] {
  const outer = setOperand(v, 1);
  return outer.values().map((x) => setOperand(x, 1));
}

export const setsBuiltins: BuiltinDef[] = [
  {
    name: "and",
    arity: 2,
    infix: "&",
    impl: (args) => intersect(setOperand(args[0]!, 1), setOperand(args[1]!, 2)),
  },
  {
    name: "or",
    arity: 2,
    infix: "|",
    impl: (args) => unite(unite(new RegoSet(), setOperand(args[0]!, 1)), setOperand(args[1]!, 2)),
  },
  {
    name: "intersection",
    arity: 1,
    impl: (args) => {
      const sets = setsOf(args[0]!);
      if (sets.length === 0) return new RegoSet();
      return sets.reduce(intersect);
    },
  },
  { name: "union", arity: 1, impl: (args) => setsOf(args[0]!).reduce(unite, new RegoSet()) },
  {
    name: "set_diff",
    arity: 2,
    deprecated: true,
    impl: (args) => difference(setOperand(args[0]!, 1), setOperand(args[1]!, 2)),
  },
];
