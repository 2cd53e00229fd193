// Go's regexp package on top of re2js (a port of RE2, the engine Go's regexp is): RE2 syntax,
// linear-time matching, Go's error texts, and the Go API semantics JS has no twin for:
// FindAll's treatment of empty matches, Split, and Expand's `$1` / `${name}` templates.
// Compiled patterns are cached.

import { RE2JS, RE2JSException } from "re2js";
import { PatternCache } from "./patterncache.js";

export class RegexpError extends Error {}

type Index = readonly number[];

export class GoRegexp {
  private readonly re2: ReturnType<RE2JS["re2"]>;
  private readonly groupNames: ReadonlyMap<string, number>;

  constructor(
    readonly source: string,
    compiled: RE2JS,
  ) {
    this.re2 = compiled.re2();
    this.groupNames = new Map(Object.entries(compiled.namedGroups()));
  }

  matches(s: string): boolean {
    return this.re2.match(s);
  }

  /** FindAllStringSubmatchIndex: up to n (all when negative) successive non-overlapping matches. */
  private allIndexes(s: string, n: number): Index[] {
    if (n === 0) return [];
    return (this.re2.findAllSubmatchIndex(s, n) as Index[] | null) ?? [];
  }

  /** FindAllString. */
  findAll(s: string, n: number): string[] {
    return this.allIndexes(s, n).map((m) => s.slice(m[0], m[1]));
  }

  /** FindAllStringSubmatch: groups that did not take part in a match are "". */
  findAllSubmatch(s: string, n: number): string[][] {
    return this.allIndexes(s, n).map((m) => {
      const groups: string[] = [];
      for (let i = 0; i < m.length; i += 2) groups.push(m[i]! < 0 ? "" : s.slice(m[i], m[i + 1]));
      return groups;
    });
  }

  /** Split(s, -1). */
  split(s: string): string[] {
    if (this.source !== "" && s === "") return [""];
    const out: string[] = [];
    let beg = 0;
    let end = 0;
    for (const m of this.allIndexes(s, -1)) {
      end = m[0]!;
      if (m[1] !== 0) out.push(s.slice(beg, end));
      beg = m[1]!;
    }
    if (end !== s.length) out.push(s.slice(beg));
    return out;
  }

  /** ReplaceAllString: every match replaced by the template expanded as by Expand. */
  replaceAll(s: string, template: string): string {
    let out = "";
    let last = 0;
    for (const m of this.allIndexes(s, -1)) {
      out += s.slice(last, m[0]) + this.expand(template, s, m);
      last = m[1]!;
    }
    return out + s.slice(last);
  }

  /** Expand: `$$` is "$", `$name` / `${name}` a group by number or name (empty when unmatched). */
  private expand(template: string, s: string, m: Index): string {
    let out = "";
    let rest = template;
    for (;;) {
      const dollar = rest.indexOf("$");
      if (dollar < 0) return out + rest;
      out += rest.slice(0, dollar);
      rest = rest.slice(dollar + 1);
      if (rest.startsWith("$")) {
        out += "$";
        rest = rest.slice(1);
        continue;
      }
      const ref = groupReference(rest);
      if (ref === undefined) {
        out += "$"; // malformed: the "$" is literal text
        continue;
      }
      rest = rest.slice(ref.length);
      const group = ref.num ?? this.groupNames.get(ref.name);
      if (group !== undefined && 2 * group + 1 < m.length && m[2 * group]! >= 0)
        out += s.slice(m[2 * group], m[2 * group + 1]);
    }
  }
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/** Go's extract: a leading name or {name}; numeric names without leading zeros are numbers. */
function groupReference(s: string): { name: string; num: number | undefined; length: number } | undefined {
  const brace = s.startsWith("{");
  let i = brace ? 1 : 0;
  while (i < s.length) {
    const c = String.fromCodePoint(s.codePointAt(i)!);
    if (!NAME_CHAR.test(c)) break;
    i += c.length;
  }
  const name = s.slice(brace ? 1 : 0, i);
  if (name === "") return undefined;
  if (brace) {
    if (s[i] !== "}") return undefined;
    i++;
  }
  const numeric = /^(?:0|[1-9]\d{0,8})$/.test(name);
  return { name, num: numeric ? Number(name) : undefined, length: i };
}

const cache = new PatternCache<GoRegexp>();

/** Go's regexp.Compile (RE2 syntax, Perl flags), cached; throws RegexpError with Go's message. */
export function compileGoRegexp(pattern: string): GoRegexp {
  return cache.get(
    pattern,
    () => {
      try {
        return new GoRegexp(pattern, RE2JS.compile(pattern));
      } catch (e) {
        if (e instanceof RE2JSException) throw new RegexpError(e.message);
        throw e;
      }
    },
    (e): e is RegexpError => e instanceof RegexpError,
  );
}

const META = /[\\.+*?()|[\]{}^$]/g;

/** regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(META, "\\$&");
}
