// Go's fmt.Sprintf for the argument types OPA's sprintf passes: int64, float64, string and
// *big.Int (through its Format method). Flags (# 0 + - space), width, precision, `*`,
// explicit argument indexes and the %!verb(type=value) error forms follow fmt's print.go and
// format.go.
import { goQuote } from "../value/index.js";
import { type FloatFormat, formatFloat } from "./goftoa.js";
import { canBackquote, isPrint, quoteRune, quoteToASCII, validRune } from "./goquote.js";
import { runeCount } from "./gostrings.js";

export type GoArg =
  | { readonly type: "int64"; readonly value: bigint }
  | { readonly type: "float64"; readonly value: number }
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "*big.Int"; readonly value: bigint };

// Widths and precisions beyond this are treated as malformed, as in Go.
const TOO_LARGE = 1_000_000;
const MAX_RUNE = 0x10ffffn;

/** Go's parsenum: [number, whether digits were present, next index]; overflow consumes the rest. */
function parsenum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end && s[i]! >= "0" && s[i]! <= "9"; i++) {
    if (num > TOO_LARGE) return [0, false, end];
    num = num * 10 + s.charCodeAt(i) - 48;
    isnum = true;
  }
  return [num, isnum, i];
}

/** Go's parseArgNumber on "[n]...": [zero-based index, characters consumed, ok]. */
function parseArgNumber(format: string): [number, number, boolean] {
  if (format.length < 3) return [0, 1, false];
  const close = format.indexOf("]", 1);
  if (close < 0) return [0, 1, false];
  const [n, ok, next] = parsenum(format, 1, close);
  return ok && next === close ? [n - 1, close + 1, true] : [0, close + 1, false];
}

/** An int argument for `*` width or precision: [value, ok, next argument]. */
function intFromArg(args: readonly GoArg[], argNum: number): [number, boolean, number] {
  if (argNum >= args.length) return [0, false, argNum];
  const arg = args[argNum]!;
  if (arg.type !== "int64") return [0, false, argNum + 1];
  const n = Number(arg.value);
  return Math.abs(n) > TOO_LARGE ? [0, false, argNum + 1] : [n, true, argNum + 1];
}

/** How fmt prints a *big.Int it cannot call methods on: the struct {neg abs}, abs in 64-bit words. */
function bigIntStruct(x: bigint): string {
  const words: bigint[] = [];
  for (let abs = x < 0n ? -x : x; abs > 0n; abs >>= 64n) words.push(abs & 0xffffffffffffffffn);
  return `&{${x < 0n} [${words.join(" ")}]}`;
}

class Printer {
  private out = "";
  private arg: GoArg = { type: "string", value: "" };
  private erroring = false;
  private reordered = false;
  private goodArgNum = true;
  // fmt.fmtFlags, width and precision of the verb being printed
  private widPresent = false;
  private precPresent = false;
  private minus = false;
  private plus = false;
  private sharp = false;
  private space = false;
  private zero = false;
  private plusV = false;
  private sharpV = false;
  private wid = 0;
  private prec = 0;

  private clearFlags(): void {
    this.widPresent = this.precPresent = this.minus = this.plus = this.sharp = false;
    this.space = this.zero = this.plusV = this.sharpV = false;
    this.wid = this.prec = 0;
  }

  /** %+v and %#v are flagless formats of their own. */
  private setV(): void {
    this.sharpV = this.sharp;
    this.sharp = false;
    this.plusV = this.plus;
    this.plus = false;
  }

  constructor(private readonly charge: (steps: number) => void) {}

  printf(format: string, args: readonly GoArg[]): string {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    let charged = 0;
    formatLoop: for (let i = 0; i < end; ) {
      // Widths and precisions make output outgrow its input, so its length is charged as it grows.
      this.charge(this.out.length - charged);
      charged = this.out.length;
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== "%") i++;
      if (i > lasti) this.out += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.clearFlags();
      flags: for (; i < end; i++) {
        const c = format[i]!;
        switch (c) {
          case "#":
            this.sharp = true;
            break;
          case "0":
            this.zero = true;
            break;
          case "+":
            this.plus = true;
            break;
          case "-":
            this.minus = true;
            break;
          case " ":
            this.space = true;
            break;
          default:
            // Fast path: a lower-case verb right after the flags.
            if (c >= "a" && c <= "z" && argNum < args.length) {
              if (c === "v" || c === "w") this.setV();
              this.printArg(args[argNum]!, c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break flags;
        }
      }

      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
      if (i < end && format[i] === "*") {
        i++;
        [this.wid, this.widPresent, argNum] = intFromArg(args, argNum);
        if (!this.widPresent) this.out += "%!(BADWIDTH)";
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.minus = true;
          this.zero = false;
        }
        afterIndex = false;
      } else {
        [this.wid, this.widPresent, i] = parsenum(format, i, end);
        if (afterIndex && this.widPresent) this.goodArgNum = false; // "%[3]2d"
      }

      if (i + 1 < end && format[i] === ".") {
        i++;
        if (afterIndex) this.goodArgNum = false; // "%[3].2d"
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
        if (i < end && format[i] === "*") {
          i++;
          [this.prec, this.precPresent, argNum] = intFromArg(args, argNum);
          if (this.prec < 0) {
            this.prec = 0;
            this.precPresent = false;
          }
          if (!this.precPresent) this.out += "%!(BADPREC)";
          afterIndex = false;
        } else {
          [this.prec, this.precPresent, i] = parsenum(format, i, end);
          if (!this.precPresent) {
            this.prec = 0;
            this.precPresent = true;
          }
        }
      }

      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
      if (i >= end) {
        this.out += "%!(NOVERB)";
        break;
      }
      const verb = String.fromCodePoint(format.codePointAt(i)!);
      i += verb.length;
      if (verb === "%")
        this.out += "%"; // takes no operand, ignores width and precision
      else if (!this.goodArgNum) this.out += `%!${verb}(BADINDEX)`;
      else if (argNum >= args.length) this.out += `%!${verb}(MISSING)`;
      else {
        if (verb === "v" || verb === "w") this.setV();
        this.printArg(args[argNum]!, verb);
        argNum++;
      }
    }

    // Unused arguments are reported unless the format picked arguments by index.
    if (!this.reordered && argNum < args.length) {
      this.clearFlags();
      this.out += "%!(EXTRA ";
      args.slice(argNum).forEach((arg, k) => {
        if (k > 0) this.out += ", ";
        this.out += `${arg.type}=`;
        this.printArg(arg, "v");
      });
      this.out += ")";
    }
    this.charge(this.out.length - charged);
    return this.out;
  }

  private argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (i >= format.length || format[i] !== "[") return [argNum, i, false];
    this.reordered = true;
    const [index, width, ok] = parseArgNumber(format.slice(i));
    if (ok && index >= 0 && index < numArgs) return [index, i + width, true];
    this.goodArgNum = false;
    return [argNum, i + width, ok];
  }

  private printArg(arg: GoArg, verb: string): void {
    this.arg = arg;
    if (verb === "T") {
      this.fmtS(arg.type);
      return;
    }
    // %p wants a pointer; Go would print *big.Int's address, which is meaningless here.
    if (verb === "p") {
      this.badVerb(verb);
      return;
    }
    switch (arg.type) {
      case "int64":
        this.fmtIntegerVerb(BigInt.asUintN(64, arg.value), verb);
        return;
      case "float64":
        this.fmtFloatVerb(arg.value, verb);
        return;
      case "string":
        this.fmtStringVerb(arg.value, verb);
        return;
      case "*big.Int":
        if (this.erroring) this.out += bigIntStruct(arg.value);
        else if (verb === "w") this.badVerb(verb);
        else this.formatBigInt(arg.value, verb);
    }
  }

  private badVerb(verb: string): void {
    this.erroring = true;
    this.out += `%!${verb}(${this.arg.type}=`;
    this.printArg(this.arg, "v");
    this.out += ")";
    this.erroring = false;
  }

  private writePadding(n: number): void {
    if (n > 0) this.out += (this.zero && !this.minus ? "0" : " ").repeat(n);
  }

  /** s padded to the width on the left, or on the right with the minus flag. */
  private pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.out += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (this.minus) {
      this.out += s;
      this.writePadding(width);
    } else {
      this.writePadding(width);
      this.out += s;
    }
  }

  // --- integers ---------------------------------------------------------------------------

  private fmtIntegerVerb(u: bigint, verb: string): void {
    switch (verb) {
      case "v":
      case "d":
        this.fmtInteger(u, 10, verb, false);
        return;
      case "b":
        this.fmtInteger(u, 2, verb, false);
        return;
      case "o":
      case "O":
        this.fmtInteger(u, 8, verb, false);
        return;
      case "x":
        this.fmtInteger(u, 16, verb, false);
        return;
      case "X":
        this.fmtInteger(u, 16, verb, true);
        return;
      case "c":
        this.pad(String.fromCodePoint(validRune(u > MAX_RUNE ? -1 : Number(u))));
        return;
      case "q":
        this.pad(quoteRune(u > MAX_RUNE ? -1 : Number(u), this.plus));
        return;
      case "U":
        this.fmtUnicode(u);
        return;
      default:
        this.badVerb(verb);
    }
  }

  /** A signed 64-bit integer given as its uint64 bits. */
  private fmtInteger(u: bigint, base: number, verb: string, upper: boolean): void {
    const signed = BigInt.asIntN(64, u);
    const negative = signed < 0n;
    const abs = negative ? -signed : u;
    // Two ways to ask for leading zeros: %.3d and %03d; a precision disables the zero flag.
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && abs === 0n) {
        this.withoutZeroFlag(() => this.writePadding(this.wid));
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = negative || this.plus || this.space ? this.wid - 1 : this.wid;
    }
    let s = abs.toString(base);
    if (upper) s = s.toUpperCase();
    if (s.length < prec) s = "0".repeat(prec - s.length) + s;
    if (this.sharp) {
      if (base === 2) s = `0b${s}`;
      else if (base === 8 && s[0] !== "0") s = `0${s}`;
      else if (base === 16) s = `${upper ? "0X" : "0x"}${s}`;
    }
    if (verb === "O") s = `0o${s}`;
    if (negative) s = `-${s}`;
    else if (this.plus) s = `+${s}`;
    else if (this.space) s = ` ${s}`;
    this.withoutZeroFlag(() => this.pad(s));
  }

  private withoutZeroFlag(fn: () => void): void {
    const zero = this.zero;
    this.zero = false;
    fn();
    this.zero = zero;
  }

  /** %U: "U+0078", with # also the character: "U+0078 'x'". */
  private fmtUnicode(u: bigint): void {
    const prec = this.precPresent && this.prec > 4 ? this.prec : 4;
    let s = `U+${u.toString(16).toUpperCase().padStart(prec, "0")}`;
    if (this.sharp && u <= MAX_RUNE && isPrint(Number(u))) s += ` '${String.fromCodePoint(Number(u))}'`;
    this.withoutZeroFlag(() => this.pad(s));
  }

  // --- floats -----------------------------------------------------------------------------

  private fmtFloatVerb(x: number, verb: string): void {
    switch (verb) {
      case "v":
        this.fmtFloat(x, "g", -1);
        return;
      case "b":
      case "g":
      case "G":
      case "x":
      case "X":
        this.fmtFloat(x, verb, -1);
        return;
      case "f":
      case "e":
      case "E":
        this.fmtFloat(x, verb, 6);
        return;
      case "F":
        this.fmtFloat(x, "f", 6);
        return;
      default:
        this.badVerb(verb);
    }
  }

  private fmtFloat(x: number, verb: FloatFormat, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(x, verb, prec);
    // A leading sign is always present while the number is assembled.
    if (num[0] !== "-") num = `${this.space && !this.plus ? " " : "+"}${num}`;
    if (this.sharp && verb !== "b") num = this.withDecimalPoint(num, verb, prec);
    if (this.plus || num[0] !== "+") {
      // Zero padding goes between the sign and the digits.
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.out += num[0];
        this.writePadding(this.wid - num.length);
        this.out += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  /** The # flag: always a decimal point, and %g's trailing zeros kept (counted as fmt counts them). */
  private withDecimalPoint(num: string, verb: FloatFormat, prec: number): string {
    let digits = verb === "g" || verb === "G" || verb === "x" ? (prec === -1 ? 6 : prec) : 0;
    let tail = "";
    let hasDecimalPoint = false;
    let sawNonzeroDigit = false;
    for (let i = 1; i < num.length; i++) {
      const c = num[i]!;
      if (c === ".") hasDecimalPoint = true;
      else if (c === "p" || c === "P" || ((c === "e" || c === "E") && verb !== "x" && verb !== "X")) {
        tail = num.slice(i);
        num = num.slice(0, i);
      } else {
        if (c !== "0") sawNonzeroDigit = true;
        if (sawNonzeroDigit) digits--;
      }
    }
    if (!hasDecimalPoint) {
      if (num.length === 2 && num[1] === "0") digits--;
      num += ".";
    }
    if (digits > 0) num += "0".repeat(digits);
    return num + tail;
  }

  // --- strings ----------------------------------------------------------------------------

  private fmtStringVerb(s: string, verb: string): void {
    switch (verb) {
      case "v":
        if (this.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case "s":
        this.fmtS(s);
        return;
      case "x":
        this.fmtSx(s, false);
        return;
      case "X":
        this.fmtSx(s, true);
        return;
      case "q":
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb);
    }
  }

  /** s cut to the precision, in runes. */
  private truncate(s: string): string {
    if (!this.precPresent) return s;
    const runes = Array.from(s);
    return runes.length > this.prec ? runes.slice(0, this.prec).join("") : s;
  }

  private fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  /** %x of a string: hex of its UTF-8 bytes; space separates bytes, # adds 0x. */
  private fmtSx(s: string, upper: boolean): void {
    const bytes = Buffer.from(s, "utf8");
    const length = this.precPresent && this.prec < bytes.length ? this.prec : bytes.length;
    let width = 2 * length;
    if (width === 0) {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.space) {
      if (this.sharp) width *= 2;
      width += length - 1;
    } else if (this.sharp) width += 2;
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    const prefix = upper ? "0X" : "0x";
    let out = this.sharp ? prefix : "";
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) out += this.sharp ? ` ${prefix}` : " ";
      const h = bytes[i]!.toString(16).padStart(2, "0");
      out += upper ? h.toUpperCase() : h;
    }
    this.out += out;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) this.pad(`\`${s}\``);
    else this.pad(this.plus ? quoteToASCII(s) : goQuote(s));
  }

  // --- *big.Int ---------------------------------------------------------------------------

  /** math/big's Int.Format. */
  private formatBigInt(x: bigint, verb: string): void {
    const base = { b: 2, o: 8, O: 8, d: 10, s: 10, v: 10, x: 16, X: 16 }[verb];
    if (base === undefined) {
      this.out += `%!${verb}(big.Int=${x})`;
      return;
    }
    const sign = x < 0n ? "-" : this.plus || this.plusV ? "+" : this.space ? " " : "";
    let prefix = "";
    if (this.sharp || this.sharpV) prefix = { b: "0b", o: "0", x: "0x", X: "0X" }[verb] ?? "";
    if (verb === "O") prefix = "0o";
    let digits = (x < 0n ? -x : x).toString(base);
    if (verb === "X") digits = digits.toUpperCase();
    let zeros = 0;
    if (this.precPresent) {
      if (digits.length < this.prec) zeros = this.prec - digits.length;
      else if (digits === "0" && this.prec === 0) return;
    }
    let left = 0;
    let right = 0;
    const length = sign.length + prefix.length + zeros + digits.length;
    if (this.widPresent && length < this.wid) {
      const d = this.wid - length;
      if (this.minus) right = d;
      else if (this.zero && !this.precPresent) zeros = d;
      else left = d;
    }
    this.out += `${" ".repeat(left)}${sign}${prefix}${"0".repeat(zeros)}${digits}${" ".repeat(right)}`;
  }
}

/** fmt.Sprintf(format, args...); `charge` is called with the output's length as it grows. */
export function goSprintf(format: string, args: readonly GoArg[], charge: (steps: number) => void): string {
  return new Printer(charge).printf(format, args);
}
