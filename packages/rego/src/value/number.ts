// Rego numbers as OPA keeps them: the literal text is preserved for output, integers are exact at
// any size, non-integer arithmetic follows Go big.Float at 64-bit precision, comparison is exact.
import { binToRational, binToText, formatFloat64, type Rational, roundRational } from "./bigfloat.js";

const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const SMALL_INT_TEXT = /^-?(?:0|[1-9]\d{0,14})$/;
// Larger decimal exponents would make exact rationals unreasonably big.
const MAX_EXPONENT = 100_000;

const SMALL_MIN = -256;
const SMALL_MAX = 1024;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export class RegoNumber {
  /** Shared instances of small integers, which most policies and inputs use. */
  private static readonly small: RegoNumber[] = Array.from(
    { length: SMALL_MAX - SMALL_MIN + 1 },
    (_, i) => new RegoNumber(i + SMALL_MIN, undefined, undefined),
  );

  /** Integer value (number when safe, else bigint), or undefined for a non-integer. */
  private readonly int: number | bigint | undefined;
  private textCache: string | undefined;
  private ratCache: Rational | undefined;

  private constructor(int: number | bigint | undefined, text: string | undefined, rat: Rational | undefined) {
    this.int = int;
    this.textCache = text;
    this.ratCache = rat;
  }

  static fromInt(n: number | bigint): RegoNumber {
    if (typeof n === "number") {
      if (!Number.isSafeInteger(n)) {
        if (!Number.isInteger(n)) throw new RangeError(`not an integer: ${n}`);
        return new RegoNumber(BigInt(n), undefined, undefined);
      }
      if (n >= SMALL_MIN && n <= SMALL_MAX) return RegoNumber.small[n - SMALL_MIN]!;
      return new RegoNumber(n === 0 ? 0 : n, undefined, undefined);
    }
    if (n >= MIN_SAFE && n <= MAX_SAFE) return RegoNumber.fromInt(Number(n));
    return new RegoNumber(n, undefined, undefined);
  }

  /** A number from JSON/Rego number text, kept verbatim for output. Throws on malformed text. */
  static fromText(text: string): RegoNumber {
    if (SMALL_INT_TEXT.test(text)) {
      const n = Number(text);
      if (n >= SMALL_MIN && n <= SMALL_MAX && text !== "-0") return RegoNumber.small[n - SMALL_MIN]!;
      return new RegoNumber(n === 0 ? 0 : n, text, undefined);
    }
    if (!NUMBER_TEXT.test(text)) throw new SyntaxError(`invalid number: ${text}`);
    const rat = parseRational(text);
    if (rat.den === 1n) {
      const n = rat.num;
      return new RegoNumber(n >= MIN_SAFE && n <= MAX_SAFE ? Number(n) : n, text, rat);
    }
    return new RegoNumber(undefined, text, rat);
  }

  /** A number from a finite JS double (text as Go's strconv 'g' shortest formatting). */
  static fromFloat(x: number): RegoNumber {
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    if (Number.isSafeInteger(x)) return RegoNumber.fromInt(x);
    return RegoNumber.fromText(formatFloat64(x));
  }

  /** The number nearest num/den at 64-bit binary precision, as big.Float arithmetic produces it. */
  static fromRational(r: Rational): RegoNumber {
    if (r.den === 1n) return RegoNumber.fromInt(r.num);
    const f = roundRational(r);
    const exact = binToRational(f);
    // An integral result is the integer its shortest decimal text denotes (Text('f', -1)).
    if (exact.den === 1n) return RegoNumber.fromText(binToText(f));
    return new RegoNumber(undefined, binToText(f), exact);
  }

  isInteger(): boolean {
    return this.int !== undefined;
  }

  /** True when the value is an integer that fits a JS safe integer (the cheap fast path). */
  isSmallInt(): boolean {
    return typeof this.int === "number";
  }

  toBigInt(): bigint {
    const i = this.int;
    if (i === undefined) throw new RangeError(`not an integer: ${this.toString()}`);
    return typeof i === "number" ? BigInt(i) : i;
  }

  toNumber(): number {
    const i = this.int;
    if (typeof i === "number") return i;
    if (typeof i === "bigint") return Number(i);
    return Number(this.toString());
  }

  toString(): string {
    let t = this.textCache;
    if (t === undefined) {
      t = String(this.int);
      this.textCache = t;
    }
    return t;
  }

  /** The exact value as a rational. */
  rational(): Rational {
    let r = this.ratCache;
    if (r === undefined) {
      r = this.int !== undefined ? { num: BigInt(this.int), den: 1n } : parseRational(this.toString());
      this.ratCache = r;
    }
    return r;
  }

  /** The value rounded to a 64-bit-mantissa binary float, as OPA's NumberToFloat does. */
  private float64(): Rational {
    const r = this.rational();
    return r.den === 1n && bitLenAbs(r.num) <= 64 ? r : binToRational(roundRational(r));
  }

  compare(o: RegoNumber): number {
    const a = this.int;
    const b = o.int;
    if (a !== undefined && b !== undefined) return a < b ? -1 : a > b ? 1 : 0;
    const x = this.rational();
    const y = o.rational();
    const l = x.num * y.den;
    const r = y.num * x.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  equals(o: RegoNumber): boolean {
    if (this === o) return true;
    const a = this.int;
    const b = o.int;
    if (a !== undefined || b !== undefined) return a === b;
    return this.compare(o) === 0;
  }

  sign(): number {
    const i = this.int;
    if (i !== undefined) return i > 0 ? 1 : i < 0 ? -1 : 0;
    const n = this.rational().num;
    return n > 0n ? 1 : n < 0n ? -1 : 0;
  }

  add(o: RegoNumber): RegoNumber {
    const a = this.int;
    const b = o.int;
    if (typeof a === "number" && typeof b === "number") return RegoNumber.fromInt(a + b);
    if (a !== undefined && b !== undefined) return RegoNumber.fromInt(BigInt(a) + BigInt(b));
    const x = this.float64();
    const y = o.float64();
    return RegoNumber.fromRational({ num: x.num * y.den + y.num * x.den, den: x.den * y.den });
  }

  sub(o: RegoNumber): RegoNumber {
    const a = this.int;
    const b = o.int;
    if (typeof a === "number" && typeof b === "number") return RegoNumber.fromInt(a - b);
    if (a !== undefined && b !== undefined) return RegoNumber.fromInt(BigInt(a) - BigInt(b));
    const x = this.float64();
    const y = o.float64();
    return RegoNumber.fromRational({ num: x.num * y.den - y.num * x.den, den: x.den * y.den });
  }

  mul(o: RegoNumber): RegoNumber {
    const a = this.int;
    const b = o.int;
    if (typeof a === "number" && typeof b === "number") {
      const p = a * b;
      if (Number.isSafeInteger(p)) return RegoNumber.fromInt(p);
    }
    if (a !== undefined && b !== undefined) return RegoNumber.fromInt(BigInt(a) * BigInt(b));
    const x = this.float64();
    const y = o.float64();
    return RegoNumber.fromRational({ num: x.num * y.num, den: x.den * y.den });
  }

  /** Division; undefined when dividing by zero (the caller words the error). */
  div(o: RegoNumber): RegoNumber | undefined {
    if (o.sign() === 0) return undefined;
    const a = this.int;
    const b = o.int;
    if (typeof a === "number" && typeof b === "number" && a % b === 0) return RegoNumber.fromInt(a / b);
    const x = this.float64();
    const y = o.float64();
    let num = x.num * y.den;
    let den = x.den * y.num;
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    return RegoNumber.fromRational({ num, den });
  }

  /** Truncated remainder of integers (sign follows the dividend); undefined for a zero divisor. */
  rem(o: RegoNumber): RegoNumber | undefined {
    const a = this.int;
    const b = o.int;
    if (a === undefined || b === undefined) throw new RangeError("remainder of non-integers");
    if (b === 0) return undefined;
    if (typeof a === "number" && typeof b === "number") return RegoNumber.fromInt(a % b);
    return RegoNumber.fromInt(BigInt(a) % BigInt(b));
  }

  neg(): RegoNumber {
    const i = this.int;
    if (typeof i === "number") return RegoNumber.fromInt(-i);
    if (typeof i === "bigint") return RegoNumber.fromInt(-i);
    const r = this.float64();
    return RegoNumber.fromRational({ num: -r.num, den: r.den });
  }

  abs(): RegoNumber {
    return this.sign() < 0 ? this.neg() : this;
  }

  floor(): RegoNumber {
    if (this.int !== undefined) return this;
    const r = this.float64();
    const q = r.num / r.den;
    return RegoNumber.fromInt(r.num < 0n ? q - 1n : q);
  }

  ceil(): RegoNumber {
    if (this.int !== undefined) return this;
    const r = this.float64();
    const q = r.num / r.den;
    return RegoNumber.fromInt(r.num > 0n ? q + 1n : q);
  }

  /** Rounds half away from zero. */
  round(): RegoNumber {
    if (this.int !== undefined) return this;
    const r = this.float64();
    const neg = r.num < 0n;
    const n = neg ? -r.num : r.num;
    const q = (2n * n + r.den) / (2n * r.den);
    return RegoNumber.fromInt(neg ? -q : q);
  }

  /** A hash consistent with equals (1 and 1.0 hash alike). */
  hash(): number {
    const i = this.int;
    return typeof i === "number" ? hashDouble(i) : hashDouble(this.toNumber());
  }
}

function hashDouble(d: number): number {
  if (Number.isSafeInteger(d)) return (d | 0) ^ ((d / 4294967296) | 0);
  const s = String(d);
  let h = 7;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

function bitLenAbs(x: bigint): number {
  return (x < 0n ? -x : x).toString(2).length;
}

function parseRational(text: string): Rational {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new SyntaxError(`invalid number: ${text}`);
  const frac = m[3] ?? "";
  const exp = Number(m[4] ?? "0") - frac.length;
  if (Math.abs(exp) > MAX_EXPONENT) throw new RangeError(`number out of range: ${text}`);
  let num = BigInt(m[2]! + frac);
  if (m[1] === "-") num = -num;
  if (exp >= 0) return { num: num * 10n ** BigInt(exp), den: 1n };
  let den = 10n ** BigInt(-exp);
  const g = gcd(num < 0n ? -num : num, den);
  if (g > 1n) {
    num /= g;
    den /= g;
  }
  return { num, den };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
