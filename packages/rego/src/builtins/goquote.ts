// Go's strconv quoting beyond strconv.Quote (value/json.ts's goQuote): IsPrint, QuoteRune,
// QuoteToASCII and CanBackquote, all judging printability as goQuote does.
import { goQuote } from "../value/index.js";

const MAX_RUNE = 0x10ffff;

function isSurrogate(r: number): boolean {
  return r >= 0xd800 && r <= 0xdfff;
}

/** utf8.ValidRune, or U+FFFD in its place. */
export function validRune(r: number): number {
  return r < 0 || r > MAX_RUNE || isSurrogate(r) ? 0xfffd : r;
}

/** strconv.IsPrint: the runes goQuote leaves unescaped (plus the quote and backslash it escapes). */
export function isPrint(r: number): boolean {
  if (r === 0x22 || r === 0x5c) return true;
  if (r > MAX_RUNE || isSurrogate(r)) return false;
  const ch = String.fromCodePoint(r);
  return goQuote(ch) === `"${ch}"`;
}

const CONTROL_ESCAPES: Record<number, string> = {
  7: "\\a",
  8: "\\b",
  9: "\\t",
  10: "\\n",
  11: "\\v",
  12: "\\f",
  13: "\\r",
};

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** strconv's appendEscapedRune for a valid rune r inside `quote` quotes. */
function escapeRune(r: number, quote: string, asciiOnly: boolean): string {
  const ch = String.fromCodePoint(r);
  if (ch === quote || ch === "\\") return `\\${ch}`;
  if (isPrint(r) && (!asciiOnly || r < 0x80)) return ch;
  const control = CONTROL_ESCAPES[r];
  if (control !== undefined) return control;
  if (r < 0x20 || r === 0x7f) return `\\x${hex(r, 2)}`;
  return r < 0x10000 ? `\\u${hex(r, 4)}` : `\\U${hex(r, 8)}`;
}

/** strconv.QuoteRune, or QuoteRuneToASCII when asciiOnly. */
export function quoteRune(r: number, asciiOnly: boolean): string {
  return `'${escapeRune(validRune(r), "'", asciiOnly)}'`;
}

/** strconv.QuoteToASCII. */
export function quoteToASCII(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(validRune(ch.codePointAt(0)!), '"', true);
  return `${out}"`;
}

/** strconv.CanBackquote: no control characters but tab, no backquote, no BOM. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r >= 0x80) {
      if (r === 0xfeff || isSurrogate(r)) return false;
    } else if ((r < 0x20 && r !== 9) || r === 0x60 || r === 0x7f) return false;
  }
  return true;
}
