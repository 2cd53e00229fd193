// array.* builtins.
import type { Value } from "../value/index.js";
import { bigIntOperand } from "./arithmetic.js";
import { arrayOperand } from "./operands.js";
import type { BuiltinDef } from "./registry.js";

/** Flattens one level of nesting, as OPA does. */
function flatten(xs: readonly Value[]): Value[] {
  const out: Value[] = [];
  for (const x of xs) {
    if (Array.isArray(x)) out.push(...x);
    else out.push(x);
  }
  return out;
}

function slice(xs: Value[], start: bigint, stop: bigint): Value[] {
  const n = BigInt(xs.length);
  const from = start < 0n ? 0n : start;
  const to = stop > n ? n : stop;
  return from >= to ? [] : xs.slice(Number(from), Number(to));
}

export const arraysBuiltins: BuiltinDef[] = [
  {
    name: "array.concat",
    arity: 2,
    impl: (args) => [...arrayOperand(args[0]!, 1), ...arrayOperand(args[1]!, 2)],
  },
  {
    name: "array.slice",
    arity: 3,
    impl: (args) => slice(arrayOperand(args[0]!, 1), bigIntOperand(args[1]!, 2), bigIntOperand(args[2]!, 3)),
  },
  { name: "array.reverse", arity: 1, impl: (args) => [...arrayOperand(args[0]!, 1)].reverse() },
  { name: "array.flatten", arity: 1, impl: (args) => flatten(arrayOperand(args[0]!, 1)) },
];
