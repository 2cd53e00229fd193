// regex.* (and v0's re_match) with Go regexp semantics: RE2 syntax, never JS RegExp.

import { goQuote, type Value } from "../value/index.js";
import { GlobSyntaxError, globsIntersect } from "./globintersect.js";
import { compileGoRegexp, type GoRegexp, quoteMeta, RegexpError } from "./goregexp.js";
import { asBuiltinError, builtinError, intOperand, stringOperand } from "./operands.js";
import type { BuiltinDef } from "./registry.js";

function regexp(pattern: string): GoRegexp {
  return asBuiltinError(RegexpError, () => compileGoRegexp(pattern));
}

/** The pattern (operand `patternPos`) compiled, after all string operands are checked. */
function withRegexp<T>(args: readonly Value[], patternPos: number, fn: (re: GoRegexp, s: string[]) => T): T {
  const strings = args.map((a, i) => stringOperand(a, i + 1));
  return fn(regexp(strings[patternPos - 1]!), strings);
}

/** The top-level `start…end` spans of a template; unbalanced delimiters are an error. */
function delimitedSpans(template: string, start: string, end: string): [number, number][] {
  const spans: [number, number][] = [];
  let level = 0;
  let open = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === start) {
      if (++level === 1) open = i;
    } else if (c === end) {
      if (--level === 0) spans.push([open, i + 1]);
      else if (level < 0) break;
    }
  }
  if (level !== 0) throw builtinError(`unbalanced braces in ${goQuote(template)}`);
  return spans;
}

/**
 * regex.template_match: literal text with regex parts between delimiters, e.g.
 * "urn:foo:{.*}"; the whole value must match.
 */
function templateRegexp(template: string, start: string, end: string): GoRegexp {
  let pattern = "^";
  let last = 0;
  for (const [from, to] of delimitedSpans(template, start, end)) {
    const part = template.slice(from + 1, to - 1);
    regexp(`^${part}$`); // each part must be a valid expression on its own
    pattern += `${quoteMeta(template.slice(last, from))}(${part})`;
    last = to;
  }
  return regexp(`${pattern}${quoteMeta(template.slice(last))}$`);
}

function templateMatch(args: readonly Value[]): boolean {
  const [template, value, start, end] = args.map((a, i) => stringOperand(a, i + 1)) as [
    string,
    string,
    string,
    string,
  ];
  const startLength = Buffer.byteLength(start);
  if (startLength !== 1)
    throw builtinError(`start delimiter has to be exactly one character long but is ${startLength} long`);
  // OPA reports the start delimiter's length here too
  if (Buffer.byteLength(end) !== 1)
    throw builtinError(`end delimiter has to be exactly one character long but is ${startLength} long`);
  return templateRegexp(template, start, end).matches(value);
}

const match: BuiltinDef["impl"] = (args) => withRegexp(args, 1, (re, [, s]) => re.matches(s!));

export const regexBuiltins: BuiltinDef[] = [
  { name: "regex.match", arity: 2, impl: match },
  { name: "re_match", arity: 2, deprecated: true, impl: match },
  {
    name: "regex.is_valid",
    arity: 1,
    impl: ([p]) => {
      if (typeof p !== "string") return false;
      try {
        compileGoRegexp(p);
        return true;
      } catch (e) {
        if (e instanceof RegexpError) return false;
        throw e;
      }
    },
  },
  {
    name: "regex.find_n",
    arity: 3,
    impl: ([p, s, n]) => {
      const [pattern, text] = [stringOperand(p!, 1), stringOperand(s!, 2)];
      const count = intOperand(n!, 3);
      return regexp(pattern).findAll(text, count);
    },
  },
  {
    name: "regex.find_all_string_submatch_n",
    arity: 3,
    impl: ([p, s, n]) => {
      const [pattern, text] = [stringOperand(p!, 1), stringOperand(s!, 2)];
      const count = intOperand(n!, 3);
      return regexp(pattern).findAllSubmatch(text, count);
    },
  },
  {
    name: "regex.replace",
    arity: 3,
    impl: (args) => withRegexp(args, 2, (re, [s, , replacement]) => re.replaceAll(s!, replacement!)),
  },
  { name: "regex.split", arity: 2, impl: (args) => withRegexp(args, 1, (re, [, s]) => re.split(s!)) },
  { name: "regex.template_match", arity: 4, impl: templateMatch },
  {
    name: "regex.globs_match",
    arity: 2,
    impl: ([a, b]) => {
      const [g1, g2] = [stringOperand(a!, 1), stringOperand(b!, 2)];
      return asBuiltinError(GlobSyntaxError, () => globsIntersect(g1, g2));
    },
  },
];
