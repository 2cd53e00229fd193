// Hand-written scanner. Keywords are not decided here: the parser treats identifiers as keywords
// depending on the Rego version, the module's future imports and the position (never after a `.`).
import type { Location } from "./ast.js";
import { compileError } from "./errors.js";

export type TokenKind = "ident" | "number" | "string" | "rawstring" | "template" | "punct" | "eof";

/** A piece of a template string: literal text, or the source of an embedded `{expression}`. */
export type TemplatePart = string | { src: string; row: number; col: number };

export interface Token {
  kind: TokenKind;
  /** Identifier name, punctuation text, number text, or the decoded string value. */
  text: string;
  row: number;
  col: number;
  /** True when a newline separates this token from the previous one. */
  nl: boolean;
  /** True when whitespace or a comment separates this token from the previous one. */
  ws: boolean;
  /** Source offsets of the token. */
  start: number;
  end: number;
  template?: TemplatePart[];
}

const PUNCT2 = new Set([":=", "==", "!=", "<=", ">="]);
const PUNCT1 = new Set([
  "{",
  "}",
  "[",
  "]",
  "(",
  ")",
  ".",
  ",",
  ";",
  ":",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "&",
  "|",
  "$",
]);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A `#` comment: its position and the text after the `#`. */
export interface Comment {
  row: number;
  col: number;
  text: string;
}

/** The tokens of a source; comments are appended to `comments` when given. */
export function tokenize(src: string, file: string, comments?: Comment[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  let row = 1;
  let lineStart = 0;
  let nl = false;
  let ws = false;
  const n = src.length;
  const loc = (at: number): Location => ({ file, row, col: at - lineStart + 1 });
  const fail = (at: number, msg: string): never => {
    throw compileError("rego_parse_error", msg, loc(at));
  };
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 10) {
      i++;
      row++;
      lineStart = i;
      nl = true;
      ws = true;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      ws = true;
      continue;
    }
    if (c === 35) {
      const start = i;
      while (i < n && src.charCodeAt(i) !== 10) i++;
      comments?.push({ row, col: start - lineStart + 1, text: src.slice(start + 1, i).replace(/\r$/, "") });
      ws = true;
      continue;
    }
    const start = i;
    const col = i - lineStart + 1;
    const tokRow = row;
    let kind: TokenKind;
    let text: string;
    let template: TemplatePart[] | undefined;
    if (c === 36 && (src.charCodeAt(i + 1) === 34 || src.charCodeAt(i + 1) === 96)) {
      const raw = src.charCodeAt(i + 1) === 96;
      const close = raw ? 96 : 34;
      i += 2;
      template = [];
      let lit = "";
      for (;;) {
        if (i >= n || (!raw && src.charCodeAt(i) === 10)) fail(start, "non-terminated template string");
        const d = src.charCodeAt(i);
        if (d === close) {
          i++;
          break;
        }
        if (d === 92 && src[i + 1] === "{") {
          lit += "{";
          i += 2;
          continue;
        }
        if (d === 92 && !raw) {
          const decoded = decodeEscape(src, i);
          if (!decoded) return fail(i, "illegal escape sequence");
          lit += decoded.text;
          i = decoded.end;
          continue;
        }
        if (d === 123) {
          if (lit) template.push(lit);
          lit = "";
          const exprStart = i + 1;
          const exprRow = row;
          const exprCol = exprStart - lineStart + 1;
          i = skipTemplateExpr(src, exprStart, () => fail(start, "non-terminated template expression"));
          template.push({ src: src.slice(exprStart, i), row: exprRow, col: exprCol });
          i++;
          continue;
        }
        if (d === 10) {
          row++;
          lineStart = i + 1;
        }
        lit += src[i];
        i++;
      }
      if (lit) template.push(lit);
      kind = "template";
      text = "";
    } else if (isIdentStart(c)) {
      while (i < n && isIdentPart(src.charCodeAt(i))) i++;
      kind = "ident";
      text = src.slice(start, i);
    } else if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(i + 1)) && !isPrevRefable(out, ws))) {
      while (i < n && isDigit(src.charCodeAt(i))) i++;
      if (src.charCodeAt(i) === 46 && isDigit(src.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(src.charCodeAt(i))) i++;
      }
      const e = src.charCodeAt(i);
      if (e === 101 || e === 69) {
        let j = i + 1;
        const s = src.charCodeAt(j);
        if (s === 43 || s === 45) j++;
        if (isDigit(src.charCodeAt(j))) {
          i = j;
          while (i < n && isDigit(src.charCodeAt(i))) i++;
        }
      }
      kind = "number";
      text = src.slice(start, i);
      if (text.length > 1 && text[0] === "0" && isDigit(text.charCodeAt(1)))
        fail(start, "illegal number format");
      if (i < n && isIdentStart(src.charCodeAt(i))) fail(start, "illegal number format");
    } else if (c === 34) {
      i++;
      let s = "";
      let segStart = i;
      for (;;) {
        if (i >= n) fail(start, "non-terminated string");
        const d = src.charCodeAt(i);
        if (d === 34) break;
        if (d === 10) fail(start, "non-terminated string");
        if (d === 92) {
          s += src.slice(segStart, i);
          const e = src[i + 1];
          i += 2;
          switch (e) {
            case '"':
              s += '"';
              break;
            case "\\":
              s += "\\";
              break;
            case "/":
              s += "/";
              break;
            case "b":
              s += "\b";
              break;
            case "f":
              s += "\f";
              break;
            case "n":
              s += "\n";
              break;
            case "r":
              s += "\r";
              break;
            case "t":
              s += "\t";
              break;
            case "u": {
              const hex = src.slice(i, i + 4);
              if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(i - 2, "illegal escape sequence");
              s += String.fromCharCode(Number.parseInt(hex, 16));
              i += 4;
              break;
            }
            default:
              fail(i - 2, "illegal escape sequence");
          }
          segStart = i;
          continue;
        }
        i++;
      }
      s += src.slice(segStart, i);
      i++;
      kind = "string";
      text = s;
    } else if (c === 96) {
      const end = src.indexOf("`", i + 1);
      if (end < 0) fail(start, "non-terminated raw string");
      text = src.slice(i + 1, end);
      for (let k = i + 1; k < end; k++) {
        if (src.charCodeAt(k) === 10) {
          row++;
          lineStart = k + 1;
        }
      }
      i = end + 1;
      kind = "rawstring";
    } else {
      const two = src.slice(i, i + 2);
      if (PUNCT2.has(two)) {
        text = two;
      } else if (PUNCT1.has(src[i])) {
        text = src[i];
      } else {
        return fail(i, `illegal token ${JSON.stringify(src[i])}`);
      }
      i += text.length;
      kind = "punct";
    }
    const tok: Token = { kind, text, row: tokRow, col, nl, ws, start, end: i };
    if (template) tok.template = template;
    out.push(tok);
    nl = false;
    ws = false;
  }
  out.push({ kind: "eof", text: "", row, col: i - lineStart + 1, nl: true, ws: true, start: i, end: i });
  return out;
}

function decodeEscape(src: string, i: number): { text: string; end: number } | undefined {
  const e = src[i + 1];
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
  if (e in simple) return { text: simple[e], end: i + 2 };
  if (e === "u" && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
    return { text: String.fromCharCode(Number.parseInt(src.slice(i + 2, i + 6), 16)), end: i + 6 };
  }
  return undefined;
}

/** Index of the `}` closing a template expression starting at `i` (skips nested braces and strings). */
function skipTemplateExpr(src: string, i: number, fail: () => never): number {
  let depth = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') i += src[i] === "\\" ? 2 : 1;
    } else if (c === "`") {
      i = src.indexOf("`", i + 1);
      if (i < 0) return fail();
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  return fail();
}

// `a.1` is never a number after a ref-able token; keeps `x.y` lexing simple.
function isPrevRefable(out: Token[], ws: boolean): boolean {
  if (ws || out.length === 0) return false;
  const p = out[out.length - 1];
  return p.kind === "ident" || (p.kind === "punct" && (p.text === "]" || p.text === ")"));
}
