// JSON reading with Go's encoding/json behaviour as OPA uses it (util.UnmarshalJSON): numbers
// keep their literal text, duplicate keys keep the last value, and errors carry Go's wording
// ("invalid character 'x' looking for beginning of value", "unexpected EOF").
// Also json.Indent, used by json.marshal_with_options.

import { RegoNumber, RegoObject, type Value } from "../value/index.js";

export class GoJsonError extends Error {}

/** Go's quoteChar, applied to the first UTF-8 byte of the offending character. */
function quoteChar(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return "'\"'";
  const byte = Buffer.from(ch, "utf8")[0]!;
  return `'${goQuoteRune(byte)}'`;
}

const NAMED_ESCAPES: Record<number, string> = {
  7: "\\a",
  8: "\\b",
  9: "\\t",
  10: "\\n",
  11: "\\v",
  12: "\\f",
  13: "\\r",
};

/** strconv.Quote of a single rune below U+0100, without the surrounding quotes. */
function goQuoteRune(c: number): string {
  if (c === 0x5c) return "\\\\";
  if ((c >= 0x20 && c < 0x7f) || (c >= 0xa1 && c !== 0xad)) return String.fromCharCode(c);
  if (NAMED_ESCAPES[c]) return NAMED_ESCAPES[c]!;
  if (c < 0x80) return `\\x${c.toString(16).padStart(2, "0")}`;
  return `\\u${c.toString(16).padStart(4, "0")}`;
}

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** Thrown when the input ends inside a value. */
class EndOfInput extends Error {}

type Frame = { kind: "array"; items: Value[] } | { kind: "object"; entries: Map<string, Value>; key: string };

const MAX_DEPTH = 10000;

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(context: string): never {
    if (this.pos >= this.text.length) throw new EndOfInput();
    throw new GoJsonError(`invalid character ${quoteChar(this.charAt(this.pos))} ${context}`);
  }

  charAt(i: number): string {
    return String.fromCodePoint(this.text.codePointAt(i)!);
  }

  skipSpace(): void {
    while (isSpace(this.text[this.pos])) this.pos++;
  }

  /** Reads one complete value (iteratively, so deep nesting cannot exhaust the JS stack). */
  readValue(): Value {
    const stack: Frame[] = [];
    for (;;) {
      this.skipSpace();
      let value: Value;
      const c = this.text[this.pos];
      if (c === "{" || c === "[") {
        if (stack.length >= MAX_DEPTH) this.fail("exceeded max depth");
        this.pos++;
        this.skipSpace();
        if (c === "[") {
          if (this.text[this.pos] === "]") {
            this.pos++;
            value = [];
          } else {
            stack.push({ kind: "array", items: [] });
            continue;
          }
        } else if (this.text[this.pos] === "}") {
          this.pos++;
          value = RegoObject.fromEntries([]);
        } else {
          stack.push({ kind: "object", entries: new Map(), key: this.readKey() });
          continue;
        }
      } else {
        value = this.readScalar("looking for beginning of value");
      }
      // Attach the value to its parent, closing every container that ends here.
      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) return value;
        this.skipSpace();
        const d = this.text[this.pos];
        if (top.kind === "array") {
          top.items.push(value);
          if (d === ",") {
            this.pos++;
            break;
          }
          if (d !== "]") this.fail("after array element");
          this.pos++;
          stack.pop();
          value = top.items;
        } else {
          top.entries.set(top.key, value);
          if (d === ",") {
            this.pos++;
            this.skipSpace();
            top.key = this.readKey();
            break;
          }
          if (d !== "}") this.fail("after object key:value pair");
          this.pos++;
          stack.pop();
          value = RegoObject.fromEntries([...top.entries]);
        }
      }
    }
  }

  readKey(): string {
    if (this.text[this.pos] !== '"') this.fail("looking for beginning of object key string");
    const key = this.readString();
    this.skipSpace();
    if (this.text[this.pos] !== ":") this.fail("after object key");
    this.pos++;
    return key;
  }

  readScalar(context: string): Value {
    const c = this.text[this.pos];
    if (c === '"') return this.readString();
    if (c === "-" || isDigit(c)) return RegoNumber.fromText(this.readNumber());
    if (c === "t") return this.readLiteral("true", true);
    if (c === "f") return this.readLiteral("false", false);
    if (c === "n") return this.readLiteral("null", null);
    return this.fail(context);
  }

  readLiteral<T extends Value>(word: string, value: T): T {
    for (let i = 1; i < word.length; i++) {
      this.pos++;
      if (this.text[this.pos] !== word[i]) this.fail(`in literal ${word} (expecting ${quoteChar(word[i]!)})`);
    }
    this.pos++;
    return value;
  }

  readNumber(): string {
    const start = this.pos;
    if (this.text[this.pos] === "-") {
      this.pos++;
      if (!isDigit(this.text[this.pos])) this.fail("in numeric literal");
    }
    if (this.text[this.pos] === "0") this.pos++;
    else while (isDigit(this.text[this.pos])) this.pos++;
    if (this.text[this.pos] === ".") {
      this.pos++;
      if (!isDigit(this.text[this.pos])) this.fail("after decimal point in numeric literal");
      while (isDigit(this.text[this.pos])) this.pos++;
    }
    const e = this.text[this.pos];
    if (e === "e" || e === "E") {
      this.pos++;
      if (this.text[this.pos] === "+" || this.text[this.pos] === "-") this.pos++;
      if (!isDigit(this.text[this.pos])) this.fail("in exponent of numeric literal");
      while (isDigit(this.text[this.pos])) this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  readString(): string {
    this.pos++; // opening quote
    let out = "";
    let runStart = this.pos;
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (Number.isNaN(c)) throw new EndOfInput();
      if (c === 0x22) {
        out += this.text.slice(runStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail("in string literal");
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += this.text.slice(runStart, this.pos);
      this.pos++;
      out += this.readEscape();
      runStart = this.pos;
    }
  }

  readEscape(): string {
    const e = this.text[this.pos];
    const simple: Record<string, string> = {
      '"': '"',
      "\\": "\\",
      "/": "/",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
    };
    if (e !== undefined && simple[e] !== undefined) {
      this.pos++;
      return simple[e];
    }
    if (e !== "u") this.fail("in string escape code");
    this.pos++;
    const unit = this.readHex4();
    if (unit >= 0xd800 && unit < 0xdc00 && this.text.startsWith("\\u", this.pos)) {
      // A high surrogate pairs with a following low surrogate escape.
      const save = this.pos;
      this.pos += 2;
      const low = this.readHex4();
      if (low >= 0xdc00 && low < 0xe000) return String.fromCharCode(unit, low);
      this.pos = save;
      return "\ufffd";
    }
    return unit >= 0xd800 && unit < 0xe000 ? "\ufffd" : String.fromCharCode(unit);
  }

  readHex4(): number {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.text[this.pos] ?? "";
      if (!/^[0-9a-fA-F]$/.test(c)) this.fail("in \\u hexadecimal character escape");
      v = v * 16 + Number.parseInt(c, 16);
      this.pos++;
    }
    return v;
  }
}

/**
 * OPA's util.UnmarshalJSON: decodes the first value, then reads one more token and rejects
 * it, as Go's json.Decoder does (so "1 2" fails but trailing whitespace is fine).
 */
export function parseGoJson(text: string): Value {
  const r = new Reader(text);
  r.skipSpace();
  if (r.pos >= text.length) throw new GoJsonError("EOF");
  let value: Value;
  try {
    value = r.readValue();
  } catch (e) {
    if (e instanceof EndOfInput) throw new GoJsonError("unexpected EOF");
    throw e;
  }
  if (
    r.pos < text.length &&
    !isSpace(text[r.pos]) &&
    !(Array.isArray(value) || value instanceof RegoObject)
  ) {
    // A scalar must be followed by a delimiter.
    r.fail("after top-level value");
  }
  r.skipSpace();
  if (r.pos < text.length) rejectTrailingToken(r);
  return value;
}

/** Go's Decoder.Token after the top-level value, and OPA's check of its result. */
function rejectTrailingToken(r: Reader): void {
  const c = r.text[r.pos];
  const after = (tok: string) => new GoJsonError(`error: invalid character '${tok}' after top-level value`);
  if (c === "{" || c === "[") throw after(c);
  if (c === "]" || c === "}" || c === "," || c === ":") r.fail("looking for beginning of value");
  let tok: Value;
  try {
    tok = r.readScalar("looking for beginning of value");
  } catch (e) {
    if (e instanceof EndOfInput) throw new GoJsonError("unexpected EOF");
    throw e;
  }
  // Go formats the token with %s; a null token is nil and passes OPA's check.
  if (tok === null) return;
  if (typeof tok === "boolean") throw after(`%!s(bool=${tok})`);
  throw after(typeof tok === "string" ? tok : String(tok));
}

/** json.Valid: exactly one value, surrounded by optional whitespace. */
export function isValidGoJson(text: string): boolean {
  const r = new Reader(text);
  try {
    r.skipSpace();
    r.readValue();
    r.skipSpace();
    return r.pos === text.length;
  } catch (e) {
    if (e instanceof GoJsonError || e instanceof EndOfInput) return false;
    throw e;
  }
}

/**
 * Go's json.Indent over compact JSON: each element on its own line, `prefix` then `indent`
 * per level; empty arrays and objects stay "[]" and "{}". The first line gets no prefix.
 */
export function indentGoJson(compact: string, prefix: string, indent: string): string {
  let out = "";
  let depth = 0;
  let needIndent = false;
  const newline = (d: number) => `\n${prefix}${indent.repeat(d)}`;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i]!;
    if (needIndent && c !== "]" && c !== "}") {
      needIndent = false;
      depth++;
      out += newline(depth);
    }
    switch (c) {
      case '"': {
        // Copy the whole string literal unchanged.
        let j = i + 1;
        while (compact[j] !== '"') j += compact[j] === "\\" ? 2 : 1;
        out += compact.slice(i, j + 1);
        i = j;
        break;
      }
      case "{":
      case "[":
        needIndent = true;
        out += c;
        break;
      case ",":
        out += c + newline(depth);
        break;
      case ":":
        out += ": ";
        break;
      case "}":
      case "]":
        if (needIndent) needIndent = false;
        else {
          depth--;
          out += newline(depth);
        }
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}
