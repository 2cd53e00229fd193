// to_number and the v0-only cast_* builtins.
import { RegoNumber, RegoObject, RegoSet, type Value } from "../value/index.js";
import { type BuiltinDef, BuiltinError, operandTypeError } from "./registry.js";

// Go's strconv.ParseFloat also accepts these spellings; OPA rejects them as not a number.
const NON_FINITE = new Set([
  "nan",
  "-nan",
  "+nan",
  "inf",
  "-inf",
  "+inf",
  "infinity",
  "-infinity",
  "+infinity",
]);
// Decimal syntax ParseFloat accepts beyond JSON's: a sign, leading zeros, ".5", "5.".
const DECIMAL = /^([+-]?)(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(s: string): RegoNumber {
  if (NON_FINITE.has(s.toLowerCase())) throw operandTypeError(1, "valid number string", s);
  const m = DECIMAL.exec(s);
  if (m === null)
    throw new BuiltinError(
      "eval_builtin_error",
      `strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax`,
    );
  try {
    return RegoNumber.fromText(s);
  } catch {
    let digits = m[2]!.replace(/^0+(?=\d)/, "");
    if (digits.startsWith(".")) digits = `0${digits}`;
    if (digits.endsWith(".")) digits = digits.slice(0, -1);
    return RegoNumber.fromText(`${m[1] === "-" ? "-" : ""}${digits}${m[3] ?? ""}`);
  }
}

function toNumber(v: Value): RegoNumber {
  if (v === null) return RegoNumber.fromInt(0);
  if (typeof v === "boolean") return RegoNumber.fromInt(v ? 1 : 0);
  if (v instanceof RegoNumber) return v;
  if (typeof v === "string") return parseNumber(v);
  throw operandTypeError(1, "one of {null, boolean, number, string}", v);
}

const cast = (name: string, fn: (v: Value) => Value): BuiltinDef => ({
  name,
  arity: 1,
  deprecated: true,
  impl: (args) => fn(args[0]!),
});

const identity = (name: string, expected: string, test: (v: Value) => boolean): BuiltinDef =>
  cast(name, (v) => {
    if (!test(v)) throw operandTypeError(1, expected, v);
    return v;
  });

export const castsBuiltins: BuiltinDef[] = [
  { name: "to_number", arity: 1, impl: (args) => toNumber(args[0]!) },
  cast("cast_array", (v) => {
    if (Array.isArray(v)) return v;
    if (v instanceof RegoSet) return [...v.values()];
    throw operandTypeError(1, "one of {array, set}", v);
  }),
  cast("cast_set", (v) => {
    if (v instanceof RegoSet) return v;
    if (Array.isArray(v)) return RegoSet.from(v);
    throw operandTypeError(1, "one of {array, set}", v);
  }),
  identity("cast_string", "string", (v) => typeof v === "string"),
  identity("cast_boolean", "boolean", (v) => typeof v === "boolean"),
  identity("cast_null", "null", (v) => v === null),
  identity("cast_object", "object", (v) => v instanceof RegoObject),
];
