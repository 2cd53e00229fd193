// glob.match patterns as github.com/gobwas/glob (OPA's dependency) reads them, translated to an
// RE2 expression:
//   `*` any run of non-delimiter characters, `**` any run of characters, `?` one non-delimiter
//   character, `[abc]` / `[a-z]` one character of a list or range (`[!…]` negates, and a negated
//   class does match delimiters), `{a,b}` alternatives, `\` escapes the next character.
// The lexer quirks are kept: `}` and `,` are literal outside braces, an unclosed `{` is accepted,
// a trailing `\` is dropped, and a class must hold either one range or a list of characters.

import { compileGoRegexp, type GoRegexp } from "./goregexp.js";
import { PatternCache } from "./patterncache.js";

export class GlobError extends Error {}

type Node =
  | { kind: "text"; text: string }
  | { kind: "any" }
  | { kind: "super" }
  | { kind: "single" }
  | { kind: "class"; chars: string; not: boolean } // a list of characters
  | { kind: "range"; lo: number; hi: number; not: boolean }
  | { kind: "anyOf"; alternatives: Node[][] };

const SPECIALS = "*?\\[]{}";

/** glob.QuoteMeta. */
export function quoteGlobMeta(s: string): string {
  let out = "";
  for (const c of s) out += SPECIALS.includes(c) ? `\\${c}` : c;
  return out;
}

class Parser {
  private readonly chars: string[];
  private pos = 0;

  constructor(pattern: string) {
    this.chars = Array.from(pattern);
  }

  parse(): Node[] {
    const root: Node[] = [];
    // innermost pattern being filled, and the alternatives lists of the enclosing braces
    let current = root;
    const open: Node[][][] = [];
    for (;;) {
      const c = this.chars[this.pos++];
      if (c === undefined) return root;
      if (c === "{") {
        const alternatives: Node[][] = [[]];
        current.push({ kind: "anyOf", alternatives });
        open.push(alternatives);
        current = alternatives[0]!;
      } else if (c === "," && open.length > 0) {
        const alternatives = open[open.length - 1]!;
        current = [];
        alternatives.push(current);
      } else if (c === "}" && open.length > 0) {
        open.pop();
        current = this.patternAt(root, open);
      } else if (c === "[") current.push(this.readClass());
      else if (c === "?") current.push({ kind: "single" });
      else if (c === "*") {
        if (this.chars[this.pos] === "*") {
          this.pos++;
          current.push({ kind: "super" });
        } else current.push({ kind: "any" });
      } else {
        this.pos--;
        const text = this.readText(open.length > 0 ? "?*[{}," : "?*[{");
        if (text !== "") current.push({ kind: "text", text });
      }
    }
  }

  /** The pattern that continues once the innermost brace closes. */
  private patternAt(root: Node[], open: Node[][][]): Node[] {
    const enclosing = open[open.length - 1];
    return enclosing ? enclosing[enclosing.length - 1]! : root;
  }

  /** Literal text up to an unescaped breaker character. */
  private readText(breakers: string): string {
    let text = "";
    let escaped = false;
    for (let c = this.chars[this.pos]; c !== undefined; c = this.chars[this.pos]) {
      this.pos++;
      if (!escaped && c === "\\") {
        escaped = true;
        continue;
      }
      if (!escaped && breakers.includes(c)) {
        this.pos--;
        break;
      }
      escaped = false;
      text += c;
    }
    return text;
  }

  /** A class after its `[`: `[!]`, then either `lo-hi` or a list, then `]`. */
  private readClass(): Node {
    let not = false;
    if (this.chars[this.pos] === "!") {
      not = true;
      this.pos++;
    }
    const first = this.chars[this.pos];
    if (first === undefined) throw new GlobError("unexpected end of input");
    let range: [string, string] | undefined;
    let chars = "";
    if (this.chars[this.pos + 1] === "-") {
      const hi = this.chars[this.pos + 2];
      if (hi === undefined) throw new GlobError("unexpected end of input");
      this.pos += 3;
      range = [first, hi];
    } else chars = this.readText("]");
    // the lexer's errors come first, then the parser's
    const close = this.chars[this.pos++];
    if (close === undefined) throw new GlobError("unexpected end of input");
    if (close !== "]") throw new GlobError("expected close range character");
    if (range === undefined) {
      if (chars === "") throw new GlobError("could not parse range");
      return { kind: "class", chars, not };
    }
    const [lo, hi] = [range[0].codePointAt(0)!, range[1].codePointAt(0)!];
    if (hi < lo) throw new GlobError(`hi character '${range[1]}' should be greater than lo '${range[0]}'`);
    return { kind: "range", lo, hi, not };
  }
}

const hexEscape = (cp: number) => `\\x{${cp.toString(16)}}`;

function charClass(chars: Iterable<string>, not: boolean): string {
  let body = "";
  for (const c of chars) body += hexEscape(c.codePointAt(0)!);
  return `[${not ? "^" : ""}${body}]`;
}

function toRegex(nodes: readonly Node[], delimiters: readonly string[]): string {
  const notDelimiter = delimiters.length === 0 ? "(?s:.)" : charClass(delimiters, true);
  let out = "";
  for (const n of nodes) {
    switch (n.kind) {
      case "text":
        for (const c of n.text) out += hexEscape(c.codePointAt(0)!);
        break;
      case "any":
        out += `${notDelimiter}*`;
        break;
      case "super":
        out += "(?s:.*)";
        break;
      case "single":
        out += notDelimiter;
        break;
      case "class":
        out += charClass(n.chars, n.not);
        break;
      case "range":
        out += `[${n.not ? "^" : ""}${hexEscape(n.lo)}-${hexEscape(n.hi)}]`;
        break;
      case "anyOf":
        out += `(?:${n.alternatives.map((a) => toRegex(a, delimiters)).join("|")})`;
        break;
    }
  }
  return out;
}

const cache = new PatternCache<GoRegexp>();

/** glob.Compile(pattern, delimiters...) as a matcher, cached; throws GlobError with gobwas' message. */
export function compileGlob(pattern: string, delimiters: readonly string[]): GoRegexp {
  return cache.get(
    `${delimiters.join("")}\u0000${pattern}`,
    () => compileGoRegexp(`\\A${toRegex(new Parser(pattern).parse(), delimiters)}\\z`),
    (e): e is GlobError => e instanceof GlobError,
  );
}
