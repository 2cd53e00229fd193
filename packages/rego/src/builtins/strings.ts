// String builtins. Indexes and lengths count runes (code points) as Go does; case mapping,
// trimming, splitting and replacing follow Go's strings package (gostrings.ts), sprintf Go's
// fmt (gofmt.ts) and strings.render_template Go's text/template (gotemplate.ts).
import { binToRational, roundRational } from "../value/bigfloat.js";
import { formatValue, RegoNumber, RegoSet, type Value } from "../value/index.js";
import { type GoArg, goSprintf } from "./gofmt.js";
import { GoJsonError, parseGoJson } from "./gojson.js";
import * as go from "./gostrings.js";
import { renderGoTemplate, TemplateError } from "./gotemplate.js";
import {
  arrayOperand,
  asBuiltinError,
  builtinError,
  intOperand,
  numberOperand,
  objectOperand,
  stringElements,
  stringOperand,
  typeError,
} from "./operands.js";
import { type BuiltinContext, type BuiltinDef, operandTypeError } from "./registry.js";

/** A builtin of string operands only. */
function stringFn(name: string, arity: number, fn: (...args: string[]) => Value): BuiltinDef {
  return { name, arity, impl: (args) => fn(...args.map((a, i) => stringOperand(a, i + 1))) };
}

const int = (n: number) => RegoNumber.fromInt(n);

/** A string, or the strings of an array or set. */
function stringsOperand(v: Value, pos: number): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v) || v instanceof RegoSet) return stringElements(v, pos);
  throw operandTypeError(pos, "one of {string, set, array}", v);
}

function concat(sep: Value, coll: Value, ctx: BuiltinContext): string {
  const join = stringOperand(sep, 1);
  if (!Array.isArray(coll) && !(coll instanceof RegoSet))
    throw operandTypeError(2, "one of {set, array}", coll);
  const parts = stringElements(coll, 2);
  // The same long string may be repeated, so the output can outgrow the input.
  ctx.charge(parts.reduce((n, p) => n + p.length, join.length * Math.max(parts.length - 1, 0)));
  return parts.join(join);
}

function searchOperand(v: Value): string {
  const s = stringOperand(v, 2);
  if (s === "") throw builtinError("empty search character");
  return s;
}

const FORMAT_INT_BASES: Readonly<Record<string, number>> = { "2": 2, "8": 8, "10": 10, "16": 16 };

/** format_int: integers exactly, other numbers truncated toward zero after rounding to 64 bits. */
function formatInt(x: Value, base: Value): string {
  const n = numberOperand(x, 1);
  const radix = FORMAT_INT_BASES[numberOperand(base, 2).toString()];
  if (radix === undefined) throw typeError("operand 2 must be one of {2, 8, 10, 16}");
  const text = n.toString();
  if (/^[+-]?\d+$/.test(text)) return BigInt(text).toString(radix);
  const r = binToRational(roundRational(n.rational()));
  return (r.num / r.den).toString(radix);
}

function substring(s: Value, start: Value, length: Value): string {
  const base = stringOperand(s, 1);
  const from = intOperand(start, 2);
  const n = intOperand(length, 3);
  if (from < 0) throw builtinError("negative offset");
  return go.runeSlice(base, from, n);
}

/** strings.split_n: the first n parts, or with a negative n the last -n. */
function splitN(s: Value, sep: Value, n: Value): Value[] {
  const text = stringOperand(s, 1);
  const delim = stringOperand(sep, 2);
  const limit = intOperand(n, 3);
  const parts = go.split(text, delim);
  return limit >= 0 ? parts.slice(0, limit) : parts.slice(Math.max(parts.length + limit, 0));
}

function replaceN(patterns: Value, s: Value, ctx: BuiltinContext): string {
  const obj = objectOperand(patterns, 1);
  const text = stringOperand(s, 2);
  const pairs: [string, string][] = [];
  for (const [k, v] of obj.entries()) {
    if (typeof k !== "string") throw typeError("operand 1 non-string key found in pattern object");
    if (typeof v !== "string") throw typeError("operand 1 non-string value found in pattern object");
    pairs.push([k, v]);
  }
  return go.replaceAll(text, pairs, (n) => ctx.charge(n));
}

const INT64_TEXT = /^[+-]?(\d*)(?:\.0*)?$/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** OPA's util.Atoi64 on number text: at most 19 characters after the sign, ".000" allowed. */
function atoi64(text: string): bigint | undefined {
  const unsigned = text[0] === "-" || text[0] === "+" ? text.slice(1) : text;
  const m = INT64_TEXT.exec(text);
  if (!m || unsigned.length === 0 || unsigned.length > 19) return undefined;
  const n = BigInt(m[1] || "0") * (text[0] === "-" ? -1n : 1n);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/** The Go value OPA's sprintf passes for a Rego value. */
function goArgOf(v: Value): GoArg {
  if (typeof v === "string") return { type: "string", value: v };
  if (!(v instanceof RegoNumber)) return { type: "string", value: formatValue(v) };
  const text = v.toString();
  const i = atoi64(text);
  if (i !== undefined) return { type: "int64", value: i };
  if (text.includes(".")) {
    const f = Number(text);
    return Number.isFinite(f) ? { type: "float64", value: f } : { type: "string", value: text };
  }
  return /^[+-]?\d+$/.test(text)
    ? { type: "*big.Int", value: BigInt(text) }
    : { type: "string", value: text };
}

function sprintf(format: Value, args: Value, ctx: BuiltinContext): string {
  const f = stringOperand(format, 1);
  return goSprintf(f, arrayOperand(args, 2).map(goArgOf), (n) => ctx.charge(n));
}

/** strings.render_template: the variables reach the template as OPA's JSON decoding of their text. */
function renderTemplate(template: Value, vars: Value, ctx: BuiltinContext): string {
  const text = stringOperand(template, 1);
  const data = asBuiltinError(GoJsonError, () => parseGoJson(formatValue(objectOperand(vars, 2))));
  const out = asBuiltinError(TemplateError, () => renderGoTemplate(text, data, (n) => ctx.charge(n)));
  return out.replaceAll("<no value>", "<undefined>");
}

export const stringsBuiltins: BuiltinDef[] = [
  { name: "concat", arity: 2, impl: ([sep, coll], ctx) => concat(sep!, coll!, ctx) },
  stringFn("contains", 2, (s, sub) => s.includes(sub)),
  stringFn("startswith", 2, (s, prefix) => s.startsWith(prefix)),
  stringFn("endswith", 2, (s, suffix) => s.endsWith(suffix)),
  {
    name: "strings.any_prefix_match",
    arity: 2,
    impl: ([a, b]) => {
      const strs = stringsOperand(a!, 1);
      const prefixes = stringsOperand(b!, 2);
      return strs.some((s) => prefixes.some((p) => s.startsWith(p)));
    },
  },
  {
    name: "strings.any_suffix_match",
    arity: 2,
    impl: ([a, b]) => {
      const strs = stringsOperand(a!, 1);
      const suffixes = stringsOperand(b!, 2);
      return strs.some((s) => suffixes.some((p) => s.endsWith(p)));
    },
  },
  { name: "format_int", arity: 2, impl: ([x, base]) => formatInt(x!, base!) },
  {
    name: "indexof",
    arity: 2,
    impl: ([s, sub]) => {
      const base = stringOperand(s!, 1);
      const i = base.indexOf(searchOperand(sub!));
      return int(i < 0 ? -1 : go.runeIndex(base, i));
    },
  },
  {
    name: "indexof_n",
    arity: 2,
    impl: ([s, sub]) => {
      const base = stringOperand(s!, 1);
      return go.indexesOf(base, searchOperand(sub!)).map(int);
    },
  },
  stringFn("lower", 1, go.toLower),
  stringFn("upper", 1, go.toUpper),
  {
    name: "replace",
    arity: 3,
    impl: (args, ctx) => {
      const [s, old, replacement] = args.map((a, i) => stringOperand(a, i + 1));
      return go.replaceAll(s!, [[old!, replacement!]], (n) => ctx.charge(n));
    },
  },
  { name: "strings.replace_n", arity: 2, impl: ([patterns, s], ctx) => replaceN(patterns!, s!, ctx) },
  stringFn("split", 2, go.split),
  { name: "strings.split_n", arity: 3, impl: ([s, sep, n]) => splitN(s!, sep!, n!) },
  { name: "sprintf", arity: 2, impl: ([format, args], ctx) => sprintf(format!, args!, ctx) },
  { name: "substring", arity: 3, impl: ([s, start, length]) => substring(s!, start!, length!) },
  stringFn("trim", 2, go.trim),
  stringFn("trim_left", 2, go.trimLeft),
  stringFn("trim_right", 2, go.trimRight),
  stringFn("trim_prefix", 2, (s, prefix) => (s.startsWith(prefix) ? s.slice(prefix.length) : s)),
  stringFn("trim_suffix", 2, (s, suffix) =>
    suffix !== "" && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s,
  ),
  stringFn("trim_space", 1, go.trimSpace),
  stringFn("strings.count", 2, (s, sub) => int(go.count(s, sub))),
  stringFn("strings.reverse", 1, go.reverseRunes),
  {
    name: "strings.render_template",
    arity: 2,
    impl: ([t, vars], ctx) => renderTemplate(t!, vars!, ctx),
  },
];
