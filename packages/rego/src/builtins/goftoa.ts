// Go's strconv.FormatFloat(x, fmt, prec, 64) for finite doubles, as fmt's float verbs use it.
// Fixed precisions round the exact binary value half to even, as Go does (JS's toFixed and
// toPrecision round half up); shortest output uses the round-trip digits JS and Go agree on.
import { type Decimal, fmtE, fmtF, roundDecimal, shortestDecimal64, toDecimal } from "../value/bigfloat.js";

export type FloatFormat = "b" | "e" | "E" | "f" | "g" | "G" | "x" | "X";

const MANT_BITS = 52;

/** Go's view of a double: x = mant * 2^(exp - 52), mant including the implicit bit. */
interface Float64Parts {
  neg: boolean;
  mant: bigint;
  exp: number;
}

function float64Parts(x: number): Float64Parts {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp++;
  else mant |= 1n << 52n;
  return { neg: bits >> 63n === 1n, mant, exp: exp - 1023 };
}

/** %b: decimal mantissa and binary exponent, e.g. 4503599627370496p-52. */
function fmtB({ neg, mant, exp }: Float64Parts): string {
  const e = exp - MANT_BITS;
  return `${neg ? "-" : ""}${mant}p${e >= 0 ? "+" : ""}${e}`;
}

/** %x: hexadecimal mantissa with a binary exponent, e.g. 0x1.8p+01; prec counts hex digits. */
function fmtX({ neg, mant, exp }: Float64Parts, prec: number, upper: boolean): string {
  if (mant === 0n) exp = 0;
  // Put the leading 1 (if any) at bit 60.
  mant <<= BigInt(60 - MANT_BITS);
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  let s = `${neg ? "-" : ""}0x${(mant >> 60n) & 1n}`;
  mant = (mant << 4n) & ((1n << 64n) - 1n);
  const digits = prec < 0 ? (mant === 0n ? 0 : Number.POSITIVE_INFINITY) : prec;
  if (digits > 0) s += ".";
  for (let i = 0; i < digits && (prec >= 0 || mant !== 0n); i++) {
    s += ((mant >> 60n) & 15n).toString(16);
    mant = (mant << 4n) & ((1n << 64n) - 1n);
  }
  const e = Math.abs(exp);
  s += `p${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  return upper ? s.toUpperCase() : s;
}

/** strconv's formatDigits: d (already rounded) as %e, %f or %g with prec. */
function formatDigits(d: Decimal, shortest: boolean, prec: number, fmt: "e" | "f" | "g"): string {
  if (fmt === "e") return fmtE(d, prec);
  if (fmt === "f") return fmtF(d, prec);
  const nd = d.mant.length;
  let eprec = prec;
  if (eprec > nd && nd >= d.exp) eprec = nd;
  // %e is used when the exponent is below -4 or at least the precision (6 for shortest output).
  if (shortest) eprec = 6;
  const exp = d.exp - 1;
  if (exp < -4 || exp >= eprec) return fmtE(d, Math.min(prec, nd) - 1);
  return fmtF(d, Math.max((prec > d.exp ? nd : prec) - d.exp, 0));
}

/** strconv.FormatFloat(x, fmt, prec, 64) for a finite x; prec < 0 asks for the shortest form. */
export function formatFloat(x: number, fmt: FloatFormat, prec: number): string {
  const parts = float64Parts(x);
  if (fmt === "b") return fmtB(parts);
  if (fmt === "x" || fmt === "X") return fmtX(parts, prec, fmt === "X");
  const base = fmt.toLowerCase() as "e" | "f" | "g";
  const shortest = prec < 0;
  let d: Decimal;
  if (x === 0) d = { mant: "", exp: 0 };
  else if (shortest) d = shortestDecimal64(x);
  else d = toDecimal(parts.mant, parts.exp - MANT_BITS);
  if (shortest) {
    const nd = d.mant.length;
    prec = base === "e" ? Math.max(nd - 1, 0) : base === "f" ? Math.max(nd - d.exp, 0) : nd;
  } else if (base === "f") {
    roundDecimal(d, d.exp + prec);
  } else {
    if (base === "g" && prec === 0) prec = 1;
    roundDecimal(d, base === "e" ? prec + 1 : prec);
  }
  const s = formatDigits(d, shortest, prec, base);
  const signed = parts.neg ? `-${s}` : s;
  return fmt === "E" || fmt === "G" ? signed.replace("e", "E") : signed;
}
