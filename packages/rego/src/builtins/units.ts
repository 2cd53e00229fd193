// units.parse (SI and binary-SI suffixes, exact rationals) and units.parse_bytes (byte units,
// 64-bit big.Float arithmetic truncated to an integer), with OPA's parsing quirks and errors.
// OPA's messages already start with the builtin's name, so they carry it twice once reported.
import { binToRational, type Rational, roundRational } from "../value/bigfloat.js";
import { RegoNumber, type Value } from "../value/index.js";
import { builtinError, stringOperand } from "./operands.js";
import type { BuiltinContext, BuiltinDef } from "./registry.js";

// A scientific-notation exponent may have at most this many digits.
const MAX_EXPONENT_DIGITS = 6;
// big.Rat refuses larger decimal exponents.
const MAX_DECIMAL_EXPONENT = 1_000_000;

class ExponentTooLarge extends Error {}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/**
 * OPA's extractNumAndUnit: the amount ends at the first character that is neither a digit, '.',
 * '+', '-' nor an 'e'/'E' followed by a digit or sign (an exponent of at most six digits).
 */
function splitAmount(s: string): [amount: string, unit: string] {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "e" || c === "E") {
      const next = s[i + 1];
      if (!isDigit(next) && next !== "+" && next !== "-") return [s.slice(0, i), s.slice(i)];
      if (next === "+" || next === "-") i++;
      let end = i + 1;
      while (isDigit(s[end])) end++;
      if (end - (i + 1) > MAX_EXPONENT_DIGITS) throw new ExponentTooLarge();
    } else if (!isDigit(c) && c !== "." && c !== "+" && c !== "-") {
      return [s.slice(0, i), s.slice(i)];
    }
  }
  return [s, ""];
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Go's big.Rat / big.Float decimal syntax ("5.", ".5", "+1e3"), exactly; undefined if malformed.
 * A large exponent makes a number of as many digits, so its size is charged to the budget.
 */
function parseDecimal(text: string, ctx: BuiltinContext): Rational | undefined {
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const frac = m[3] ?? "";
  const exp = Number(m[4] ?? "0") - frac.length;
  if (Math.abs(exp) > MAX_DECIMAL_EXPONENT) return undefined;
  ctx.charge(Math.abs(exp));
  let num = BigInt(m[2]! + frac || "0");
  if (m[1] === "-") num = -num;
  return exp >= 0 ? { num: num * 10n ** BigInt(exp), den: 1n } : { num, den: 10n ** BigInt(-exp) };
}

/** The parts of a resource string, after OPA's common checks (in OPA's order). */
function amountAndUnit(s: string, fail: (msg: string) => Error, noAmount: string): [string, string] {
  if (s.includes(" ")) throw fail("spaces not allowed in resource strings");
  let parts: [string, string];
  try {
    parts = splitAmount(s);
  } catch (e) {
    if (e instanceof ExponentTooLarge) throw fail("exponent too large");
    throw e;
  }
  if (parts[0] === "") throw fail(noAmount);
  return parts;
}

const KI = 1n << 10n;
const MI = 1n << 20n;
const GI = 1n << 30n;
const TI = 1n << 40n;
const PI = 1n << 50n;
const EI = 1n << 60n;
const K = 1000n;

// Go's SetFloat64(0.001): the double nearest 0.001, exactly.
const MILLI: Rational = { num: 4611686018427388n, den: 1n << 62n };

const int = (n: bigint): Rational => ({ num: n, den: 1n });

const UNITS: ReadonlyMap<string, Rational> = new Map([
  ["m", MILLI],
  ["", int(1n)],
  ["k", int(K)],
  ["K", int(K)],
  ["ki", int(KI)],
  ["Ki", int(KI)],
  ["M", int(K ** 2n)],
  ["mi", int(MI)],
  ["Mi", int(MI)],
  ["g", int(K ** 3n)],
  ["G", int(K ** 3n)],
  ["gi", int(GI)],
  ["Gi", int(GI)],
  ["t", int(K ** 4n)],
  ["T", int(K ** 4n)],
  ["ti", int(TI)],
  ["Ti", int(TI)],
  ["p", int(K ** 5n)],
  ["P", int(K ** 5n)],
  ["pi", int(PI)],
  ["Pi", int(PI)],
  ["e", int(K ** 6n)],
  ["E", int(K ** 6n)],
  ["ei", int(EI)],
  ["Ei", int(EI)],
]);

const BYTE_UNITS: ReadonlyMap<string, bigint> = new Map([
  ["", 1n],
  ["kb", K],
  ["k", K],
  ["kib", KI],
  ["ki", KI],
  ["mb", K ** 2n],
  ["m", K ** 2n],
  ["mib", MI],
  ["mi", MI],
  ["gb", K ** 3n],
  ["g", K ** 3n],
  ["gib", GI],
  ["gi", GI],
  ["tb", K ** 4n],
  ["t", K ** 4n],
  ["tib", TI],
  ["ti", TI],
  ["pb", K ** 5n],
  ["p", K ** 5n],
  ["pib", PI],
  ["pi", PI],
  ["eb", K ** 6n],
  ["e", K ** 6n],
  ["eib", EI],
  ["ei", EI],
]);

/** big.Rat's FloatString(prec): prec decimals, the last rounded half away from zero. */
function floatString(r: Rational, prec: number): string {
  const neg = r.num < 0n;
  const abs = neg ? -r.num : r.num;
  const scale = 10n ** BigInt(prec);
  let q = abs / r.den;
  let frac = ((abs % r.den) * scale) / r.den;
  const rem = ((abs % r.den) * scale) % r.den;
  if (2n * rem >= r.den) {
    frac++;
    if (frac >= scale) {
      q++;
      frac -= scale;
    }
  }
  return `${neg ? "-" : ""}${q}.${frac.toString().padStart(prec, "0")}`;
}

const unitsError = (msg: string) => builtinError(`units.parse: ${msg}`);

function parseUnits(v: Value, ctx: BuiltinContext): RegoNumber {
  // Quotes are dropped to match units.parse_bytes.
  const s = stringOperand(v, 1).replaceAll('"', "");
  const [amount, rawUnit] = amountAndUnit(s, unitsError, "no amount provided");
  // Only the letters after the first are case-insensitive, so "m" (milli) and "M" (mega) differ.
  const first = rawUnit === "" ? "" : String.fromCodePoint(rawUnit.codePointAt(0)!);
  const unit = first + rawUnit.slice(first.length).toLowerCase();
  const multiplier = UNITS.get(unit);
  if (!multiplier) throw unitsError(`unit ${unit} not recognized`);
  const n = parseDecimal(amount, ctx);
  if (!n) throw unitsError("could not parse amount to a number");
  const product: Rational = { num: n.num * multiplier.num, den: n.den * multiplier.den };
  if (product.num % product.den === 0n) return RegoNumber.fromInt(product.num / product.den);
  // Exact rationals, printed with ten decimals as OPA does.
  return RegoNumber.fromText(floatString(product, 10));
}

const bytesError = (msg: string) => builtinError(`units.parse_bytes: ${msg}`);

/** x rounded to a 64-bit-mantissa binary float, as a rational. */
const toFloat64Bits = (x: Rational): Rational => binToRational(roundRational(x));

function parseBytes(v: Value, ctx: BuiltinContext): RegoNumber {
  const s = stringOperand(v, 1).toLowerCase().replaceAll('"', "");
  const [amount, unit] = amountAndUnit(s, bytesError, "no byte amount provided");
  const multiplier = BYTE_UNITS.get(unit);
  if (multiplier === undefined) throw bytesError(`byte unit ${unit} not recognized`);
  const n = parseDecimal(amount, ctx);
  if (!n) throw bytesError("could not parse byte amount to a number");
  // big.Float at 64 bits: the amount is rounded, then the product, then truncated toward zero.
  const f = toFloat64Bits(n);
  const total = toFloat64Bits({ num: f.num * multiplier, den: f.den });
  return RegoNumber.fromInt(total.num / total.den);
}

export const unitsBuiltins: BuiltinDef[] = [
  { name: "units.parse", arity: 1, impl: ([s], ctx) => parseUnits(s!, ctx) },
  { name: "units.parse_bytes", arity: 1, impl: ([s], ctx) => parseBytes(s!, ctx) },
];
