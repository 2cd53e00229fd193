// Comparison operators: defined for any pair of values through OPA's total order.
import { compareValues, type Value, valuesEqual } from "../value/index.js";
import type { BuiltinDef } from "./registry.js";

const cmp = (name: string, infix: string, test: (a: Value, b: Value) => boolean): BuiltinDef => ({
  name,
  arity: 2,
  infix,
  impl: (args) => test(args[0]!, args[1]!),
});

export const comparisonBuiltins: BuiltinDef[] = [
  cmp("equal", "==", (a, b) => valuesEqual(a, b)),
  cmp("neq", "!=", (a, b) => !valuesEqual(a, b)),
  cmp("lt", "<", (a, b) => compareValues(a, b) < 0),
  cmp("lte", "<=", (a, b) => compareValues(a, b) <= 0),
  cmp("gt", ">", (a, b) => compareValues(a, b) > 0),
  cmp("gte", ">=", (a, b) => compareValues(a, b) >= 0),
];
