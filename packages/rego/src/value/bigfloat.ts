// Emulation of Go's math/big.Float at 64-bit mantissa precision (what OPA uses for non-integer
// arithmetic) and of its Text('g'|'f', -1) shortest-decimal output. Values are exact rationals
// (num/den, den > 0); rounding to 64 bits is round-half-to-even like big.Float's default mode.

export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** A binary float m * 2^e (|m| < 2^64, normalised so that |m| >= 2^63 unless zero). */
export interface BinFloat {
  readonly m: bigint;
  readonly e: number;
}

const PREC = 64;
const TOP = 1n << BigInt(PREC);

function bitLen(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** Rounds num/den to the nearest 64-bit-mantissa binary float (ties to even). */
export function roundRational(r: Rational): BinFloat {
  if (r.num === 0n) return { m: 0n, e: 0 };
  const neg = r.num < 0n;
  const n = neg ? -r.num : r.num;
  const d = r.den;
  // Choose k so that q = floor(n * 2^k / d) has exactly PREC bits.
  let k = PREC - (bitLen(n) - bitLen(d));
  let q: bigint;
  let rem: bigint;
  let div: bigint;
  for (;;) {
    const nn = k >= 0 ? n << BigInt(k) : n;
    div = k >= 0 ? d : d << BigInt(-k);
    q = nn / div;
    rem = nn % div;
    const bl = bitLen(q);
    if (bl > PREC) k -= bl - PREC;
    else if (bl < PREC) k += PREC - bl;
    else break;
  }
  const twice = rem * 2n;
  if (twice > div || (twice === div && (q & 1n) === 1n)) {
    q += 1n;
    if (q === TOP) {
      q >>= 1n;
      k -= 1;
    }
  }
  return { m: neg ? -q : q, e: -k };
}

export function binToRational(f: BinFloat): Rational {
  if (f.e >= 0) return { num: f.m << BigInt(f.e), den: 1n };
  return { num: f.m, den: 1n << BigInt(-f.e) };
}

/** Digits `mant` (no trailing zeros) with the decimal point `exp` digits from their start. */
export interface Decimal {
  mant: string;
  exp: number;
}

/** Decimal digits of a non-negative m * 2^e, as Go's `decimal`: digits without trailing zeros and the point position. */
export function toDecimal(m: bigint, e: number): Decimal {
  let digits: string;
  let exp: number;
  if (e >= 0) {
    digits = (m << BigInt(e)).toString();
    exp = digits.length;
  } else {
    digits = (m * 5n ** BigInt(-e)).toString();
    exp = digits.length + e;
  }
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
  return { mant: digits.slice(0, end), exp };
}

function roundUp(d: Decimal, n: number): void {
  let i = n;
  while (i > 0 && d.mant.charCodeAt(i - 1) === 57) i--;
  if (i === 0) {
    d.mant = "1";
    d.exp++;
    return;
  }
  d.mant = d.mant.slice(0, i - 1) + String.fromCharCode(d.mant.charCodeAt(i - 1) + 1);
}

function roundDown(d: Decimal, n: number): void {
  let end = n;
  while (end > 0 && d.mant.charCodeAt(end - 1) === 48) end--;
  d.mant = d.mant.slice(0, end);
  if (end === 0) d.exp = 0;
}

function roundNearest(d: Decimal, n: number): void {
  const c = d.mant.charCodeAt(n);
  const up =
    c === 53 && n + 1 === d.mant.length ? n > 0 && (d.mant.charCodeAt(n - 1) - 48) % 2 === 1 : c >= 53;
  if (up) roundUp(d, n);
  else roundDown(d, n);
}

/** Go's decimal.Round: rounds d to nd digits, ties to even; nothing to do outside 0..digits. */
export function roundDecimal(d: Decimal, nd: number): void {
  if (nd >= 0 && nd < d.mant.length) roundNearest(d, nd);
}

const digitAt = (d: Decimal, i: number): number => (i < d.mant.length ? d.mant.charCodeAt(i) : 48);

/** Go's big.Float roundShortest: the shortest decimal that rounds back to the same 64-bit value. */
function shortest(f: BinFloat): Decimal {
  const m = f.m < 0n ? -f.m : f.m;
  const d = toDecimal(m, f.e);
  // Bounds at +-1/2 ulp: mantissa shifted left once so its lsb is half an ulp.
  const m2 = m << 1n;
  const lower = toDecimal(m2 - 1n, f.e - 1);
  const upper = toDecimal(m2 + 1n, f.e - 1);
  const inclusive = (m & 1n) === 0n;
  for (let i = 0; i < d.mant.length; i++) {
    const l = digitAt(lower, i);
    const c = d.mant.charCodeAt(i);
    const u = digitAt(upper, i);
    const okdown = l !== c || (inclusive && i + 1 === lower.mant.length);
    const okup = c !== u && (inclusive || c + 1 < u || i + 1 < upper.mant.length);
    if (okdown && okup) {
      roundNearest(d, i + 1);
      return d;
    }
    if (okdown) {
      roundDown(d, i + 1);
      return d;
    }
    if (okup) {
      roundUp(d, i + 1);
      return d;
    }
  }
  return d;
}

/** Go's strconv fmtF: %f of d with prec fraction digits. */
export function fmtF(d: Decimal, prec: number): string {
  let s: string;
  if (d.exp > 0) {
    s = d.mant.length >= d.exp ? d.mant.slice(0, d.exp) : d.mant + "0".repeat(d.exp - d.mant.length);
  } else {
    s = "0";
  }
  if (prec > 0) {
    s += ".";
    for (let i = 1; i <= prec; i++) {
      const j = d.exp - 1 + i;
      s += j >= 0 && j < d.mant.length ? d.mant[j] : "0";
    }
  }
  return s;
}

/** Go's strconv fmtE: %e of d with prec fraction digits. */
export function fmtE(d: Decimal, prec: number): string {
  let s = d.mant.length > 0 ? d.mant[0]! : "0";
  if (prec > 0) {
    s += ".";
    const rest = d.mant.slice(1, 1 + prec);
    s += rest + "0".repeat(prec - rest.length);
  }
  const exp = d.mant.length === 0 ? 0 : d.exp - 1;
  const abs = Math.abs(exp);
  return `${s}e${exp < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
}

/** Text of a 64-bit binary float as OPA prints it: Text('f', -1) when integral, else Text('g', -1). */
export function binToText(f: BinFloat): string {
  if (f.m === 0n) return "0";
  const neg = f.m < 0n;
  const d = shortest(f);
  const integral = f.e >= 0 || d.exp >= d.mant.length;
  let s: string;
  if (integral) {
    s = fmtF(d, Math.max(d.mant.length - d.exp, 0));
  } else {
    const exp = d.exp - 1;
    s = exp < -4 || exp >= 6 ? fmtE(d, d.mant.length - 1) : fmtF(d, Math.max(d.mant.length - d.exp, 0));
  }
  return neg ? `-${s}` : s;
}

/** The shortest decimal that reads back as the finite, non-zero double |x| (as Go's shortest mode). */
export function shortestDecimal64(x: number): Decimal {
  const js = Math.abs(x).toExponential(); // shortest digits, e.g. "1.2345e+6"
  const ePos = js.indexOf("e");
  const mant = js.slice(0, ePos).replace(".", "");
  return { mant: mant.replace(/0+$/, ""), exp: Number(js.slice(ePos + 1)) + 1 };
}

/** Go's strconv.FormatFloat(x, 'g', -1, 64) for a finite double (shortest round-trip digits). */
export function formatFloat64(x: number): string {
  if (x === 0) return "0";
  const neg = x < 0;
  const d = shortestDecimal64(x);
  const exp = d.exp - 1;
  const s = exp < -4 || exp >= 6 ? fmtE(d, d.mant.length - 1) : fmtF(d, Math.max(d.mant.length - d.exp, 0));
  return neg ? `-${s}` : s;
}
