// regex.globs_match: whether two regex-style globs can match a common non-empty string, decided
// the way OPA's dependency (github.com/yashtewari/glob-intersection) decides it. That algorithm
// is a heuristic walk over both token lists, not an exact automaton intersection, so its
// answers (and its error texts) are reproduced step by step rather than computed some other way.
//
// Glob syntax: `.` any character, `[...]` a class (with `a-z` ranges), `+` / `*` repeat the
// preceding token, `\` escapes; everything else is itself. Patterns are implicitly anchored.

export class GlobSyntaxError extends Error {}

type Flag = "none" | "plus" | "star";

type Token = (
  | { kind: "char"; ch: number }
  | { kind: "dot" }
  | { kind: "set"; chars: ReadonlySet<number> }
) & { flag: Flag };

class Lexer {
  private readonly runes: number[];

  constructor(private readonly text: string) {
    this.runes = Array.from(text, (c) => c.codePointAt(0)!);
  }

  invalid(pos: number, message: string): GlobSyntaxError {
    return new GlobSyntaxError(`input:${this.text}, pos:${pos}, ${message}: the input provided is invalid`);
  }

  get length(): number {
    return this.runes.length;
  }

  /** The rune at i (with a `\` escape folded in), or undefined at the end. */
  rune(i: number): { r: number; escaped: boolean; next: number } | undefined {
    if (i >= this.runes.length) return undefined;
    const r = this.runes[i]!;
    if (r !== 0x5c) return { r, escaped: false, next: i + 1 };
    if (i === this.runes.length - 1) throw this.invalid(i, "input ends with a \\ (escape) character");
    return { r: this.runes[i + 1]!, escaped: true, next: i + 2 };
  }
}

const DOT = 0x2e;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const DASH = 0x2d;
const FLAGS: ReadonlyMap<number, Flag> = new Map([
  [0x2b, "plus"],
  [0x2a, "star"],
]);

function tokenize(text: string): Token[] {
  const lx = new Lexer(text);
  const tokens: Token[] = [];
  let i = 0;
  for (let cur = lx.rune(i); cur !== undefined; cur = lx.rune(i)) {
    let token: Token;
    i = cur.next;
    if (!cur.escaped && cur.r === DOT) token = { kind: "dot", flag: "none" };
    else if (!cur.escaped && cur.r === OPEN) [token, i] = readSet(lx, i);
    else if (!cur.escaped && cur.r === CLOSE) throw lx.invalid(i, "set-close ']' with no preceding '['");
    else if (!cur.escaped && FLAGS.has(cur.r))
      throw lx.invalid(i, `flag '${String.fromCodePoint(cur.r)}' must be preceded by a non-flag`);
    else token = { kind: "char", ch: cur.r, flag: "none" };
    const after = lx.rune(i);
    const flag = after && !after.escaped ? FLAGS.get(after.r) : undefined;
    if (flag !== undefined) {
      token.flag = flag;
      i = after!.next;
    }
    tokens.push(token);
  }
  return tokens;
}

/** A class after its `[`: the token and the index after the closing `]`. */
function readSet(lx: Lexer, start: number): [Token, number] {
  const chars = new Set<number>();
  let prev: number | undefined;
  let i = start;
  for (let cur = lx.rune(i); cur !== undefined; cur = lx.rune(i)) {
    i = cur.next;
    if (cur.escaped || (cur.r !== DASH && cur.r !== CLOSE)) {
      chars.add(cur.r);
      prev = cur.r;
      continue;
    }
    if (cur.r === CLOSE) return [{ kind: "set", chars, flag: "none" }, i];
    if (prev === undefined)
      throw lx.invalid(i, "range character '-' must be preceded by a Unicode character");
    if (i >= lx.length - 1)
      throw lx.invalid(i, "range character '-' must be followed by a Unicode character");
    const hi = lx.rune(i)!;
    i = hi.next;
    if (!hi.escaped && (hi.r === CLOSE || hi.r === DASH))
      throw lx.invalid(i, "range character '-' cannot be followed by a special symbol");
    if (hi.r < prev) {
      const [a, b] = [String.fromCodePoint(hi.r), String.fromCodePoint(prev)];
      throw lx.invalid(i, `range is out of order: '${a}' comes before '${b}' in Unicode`);
    }
    for (let c = prev; c <= hi.r; c++) chars.add(c);
    prev = undefined;
  }
  throw lx.invalid(i, "found [ without matching ]");
}

function sameToken(a: Token, b: Token): boolean {
  if (a.kind === "char") return b.kind === "char" && a.ch === b.ch;
  if (a.kind === "dot") return b.kind === "dot";
  return b.kind === "set" && a.chars.size === b.chars.size && [...a.chars].every((c) => b.chars.has(c));
}

/** Adjacent equal repeated tokens merge: t*t* is t*, and t+ wins over t* (t+t* is t+). */
function simplify(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (last && t.flag !== "none" && last.flag !== "none" && sameToken(t, last)) {
      if (t.flag === "plus") last.flag = "plus";
    } else out.push(t);
  }
  return out;
}

/** Whether two single tokens (flags ignored) can match a common character. */
function overlap(a: Token, b: Token): boolean {
  if (a.kind === "dot" || b.kind === "dot") return true;
  if (a.kind === "char") return b.kind === "char" ? a.ch === b.ch : b.chars.has(a.ch);
  if (b.kind === "char") return a.chars.has(b.ch);
  for (const c of a.chars) if (b.chars.has(c)) return true;
  return false;
}

type Glob = readonly Token[];

/** Strips a common unflagged prefix and suffix (keeping one token of each); undefined on a mismatch. */
function trim(g1: Glob, g2: Glob): [Glob, Glob] | undefined {
  let l = 0;
  for (; l < g1.length && l < g2.length && g1[l]!.flag === "none" && g2[l]!.flag === "none"; l++)
    if (!overlap(g1[l]!, g2[l]!)) return undefined;
  if (l > 0) l--;
  let r1 = g1.length - 1;
  let r2 = g2.length - 1;
  for (; r1 >= l && r2 >= l && g1[r1]!.flag === "none" && g2[r2]!.flag === "none"; r1--, r2--)
    if (!overlap(g1[r1]!, g2[r2]!)) return undefined;
  if (r1 < g1.length - 1) {
    r1++;
    r2++;
  }
  return [g1.slice(l, r1 + 1), g2.slice(l, r2 + 1)];
}

function intersectNormal(g1: Glob, g2: Glob): boolean {
  let i = 0;
  for (; i < g1.length && i < g2.length; i++) {
    if (g1[i]!.flag !== "none" || g2[i]!.flag !== "none") return intersectSpecial(g1.slice(i), g2.slice(i));
    if (!overlap(g1[i]!, g2[i]!)) return false;
  }
  return i === g1.length && i === g2.length;
}

function intersectSpecial(g1: Glob, g2: Glob): boolean {
  const [flagged, other] = g1[0]!.flag !== "none" ? [g1, g2] : [g2, g1];
  return flagged[0]!.flag === "plus" ? intersectPlus(flagged, other) : intersectStar(flagged, other);
}

function intersectPlus(plussed: Glob, other: Glob): boolean {
  if (!overlap(plussed[0]!, other[0]!)) return false;
  // plussed[0] consumes other[0] (and maybe more), or a repeated other[0] consumes plussed[0]
  if (intersectStar(plussed, other.slice(1))) return true;
  return other[0]!.flag !== "none" && intersectNormal(plussed.slice(1), other);
}

/** starred[0] consumes tokens of other until the rest of both can be matched up. */
function intersectStar(starred: Glob, other: Glob): boolean {
  const star = starred[0]!;
  const next = starred[1];
  for (let i = 0; i < other.length; i++) {
    const t = other[i]!;
    if (next !== undefined && overlap(t, next) && intersectNormal(starred.slice(1), other.slice(i)))
      return true;
    if (!overlap(t, star)) return false;
  }
  return next === undefined;
}

/** gintersect.NonEmpty; throws GlobSyntaxError for a malformed glob. */
export function globsIntersect(a: string, b: string): boolean {
  const trimmed = trim(simplify(tokenize(a)), simplify(tokenize(b)));
  return trimmed !== undefined && intersectNormal(trimmed[0], trimmed[1]);
}
