// Go's strings and unicode packages where they differ from JavaScript: they count runes (code
// points), not UTF-16 units; map case rune by rune (simple case mapping, never "ß" → "SS");
// unicode.IsSpace has its own set; strings.Replacer matches several patterns in argument order.

const SURROGATE = /[\uD800-\uDFFF]/;

/** True when s has no surrogate pairs, so UTF-16 indexes are rune indexes. */
export function isSingleUnit(s: string): boolean {
  return !SURROGATE.test(s);
}

export function runeCount(s: string): number {
  if (isSingleUnit(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The runes of s from index start, at most length of them (all when length < 0). */
export function runeSlice(s: string, start: number, length: number): string {
  if (isSingleUnit(s)) return length < 0 ? s.slice(start) : s.slice(start, start + length);
  const runes = Array.from(s);
  return (length < 0 ? runes.slice(start) : runes.slice(start, start + length)).join("");
}

/** The rune index of a UTF-16 index of s. */
export function runeIndex(s: string, unitIndex: number): number {
  return unitIndex <= 0 ? unitIndex : runeCount(s.slice(0, unitIndex));
}

export function reverseRunes(s: string): string {
  return Array.from(s).reverse().join("");
}

// unicode.IsSpace: Latin-1 spaces (including U+0085, unlike JS's \s) and category Z (without
// U+FEFF, unlike JS's \s).
const SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACE_AROUND = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "g");

export function trimSpace(s: string): string {
  return s.replace(SPACE_AROUND, "");
}

function cutsetOf(cutset: string): Set<string> {
  return new Set(Array.from(cutset));
}

/** strings.TrimLeft: drops leading runes found in cutset. */
export function trimLeft(s: string, cutset: string): string {
  if (cutset === "") return s;
  const cut = cutsetOf(cutset);
  let i = 0;
  for (const r of s) {
    if (!cut.has(r)) break;
    i += r.length;
  }
  return s.slice(i);
}

/** strings.TrimRight: drops trailing runes found in cutset. */
export function trimRight(s: string, cutset: string): string {
  if (cutset === "") return s;
  const cut = cutsetOf(cutset);
  let end = s.length;
  while (end > 0) {
    const low = s.charCodeAt(end - 1);
    const width = low >= 0xdc00 && low <= 0xdfff && end > 1 && isHighSurrogate(s.charCodeAt(end - 2)) ? 2 : 1;
    if (!cut.has(s.slice(end - width, end))) break;
    end -= width;
  }
  return s.slice(0, end);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

export function trim(s: string, cutset: string): string {
  return trimRight(trimLeft(s, cutset), cutset);
}

/** strings.Split: an empty separator splits into runes. */
export function split(s: string, sep: string): string[] {
  return sep === "" ? Array.from(s) : s.split(sep);
}

/** strings.Count: non-overlapping occurrences; an empty substring counts rune boundaries. */
export function count(s: string, sub: string): number {
  if (sub === "") return runeCount(s) + 1;
  let n = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

/** Rune indexes of every (possibly overlapping) occurrence of a non-empty sub in s. */
export function indexesOf(s: string, sub: string): number[] {
  const out: number[] = [];
  let runes = 0;
  let scanned = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
    runes += runeCount(s.slice(scanned, i));
    scanned = i;
    out.push(runes);
  }
  return out;
}

// Simple (one-rune) case mappings that JS only offers as part of a longer full mapping.
function simpleUpper(cp: number): number | undefined {
  // Greek letters with ypogegrammeni map to their titlecase forms (U+1F88 etc.).
  if ((cp >= 0x1f80 && cp <= 0x1f87) || (cp >= 0x1f90 && cp <= 0x1f97) || (cp >= 0x1fa0 && cp <= 0x1fa7))
    return cp + 8;
  if (cp === 0x1fb3 || cp === 0x1fc3 || cp === 0x1ff3) return cp + 9;
  return undefined;
}

function simpleLower(cp: number): number | undefined {
  return cp === 0x130 ? 0x69 : undefined;
}

function mapRunes(
  s: string,
  full: (r: string) => string,
  simple: (cp: number) => number | undefined,
): string {
  let out = "";
  for (const r of s) {
    const cp = r.codePointAt(0)!;
    const special = simple(cp);
    if (special !== undefined) {
      out += String.fromCodePoint(special);
      continue;
    }
    const m = full(r);
    // A mapping to several runes (e.g. "ß" → "SS") is a full mapping Go does not apply.
    out += runeCount(m) === 1 ? m : r;
  }
  return out;
}

function isASCII(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** strings.ToUpper. */
export function toUpper(s: string): string {
  return isASCII(s) ? s.toUpperCase() : mapRunes(s, (r) => r.toUpperCase(), simpleUpper);
}

/** strings.ToLower. */
export function toLower(s: string): string {
  return isASCII(s) ? s.toLowerCase() : mapRunes(s, (r) => r.toLowerCase(), simpleLower);
}

/**
 * strings.NewReplacer(old1, new1, ...).Replace(s): scanning left to right, the first pair in
 * argument order whose old string starts at the current position is replaced, without
 * overlaps; an empty old string matches once at every rune boundary. (Go steps over single
 * bytes after an empty match, splitting multi-byte runes; here the step is one rune.)
 * `charge` is called with the output's length, before it is built where that is cheap.
 */
export function replaceAll(
  s: string,
  pairs: readonly (readonly [string, string])[],
  charge: (chars: number) => void,
): string {
  if (pairs.length === 1 && pairs[0]![0] !== "") {
    const [old, replacement] = pairs[0]!;
    charge(s.length + count(s, old) * (replacement.length - old.length));
    return s.replaceAll(old, replacement);
  }
  let out = "";
  let last = 0;
  let prevEmpty = false;
  for (let i = 0; i <= s.length; ) {
    const match = pairs.find(([old]) => (old === "" ? !prevEmpty : s.startsWith(old, i)));
    prevEmpty = match !== undefined && match[0] === "";
    if (match) {
      const piece = s.slice(last, i) + match[1];
      charge(piece.length);
      out += piece;
      i += match[0].length;
      last = i;
      continue;
    }
    i += isHighSurrogate(s.charCodeAt(i)) && i + 1 < s.length ? 2 : 1;
  }
  charge(s.length - last);
  return last < s.length ? out + s.slice(last) : out;
}
