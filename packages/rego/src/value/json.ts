// Conversions between Rego values and plain JS/JSON, and the two text forms OPA prints:
// Rego term text (formatValue, used by sprintf %v, print and error messages) and Go
// encoding/json text (toJSONText, used by json.marshal).
import { RegoObject, RegoSet } from "./collections.js";
import { compareStrings } from "./compare.js";
import { RegoNumber } from "./number.js";
import type { Value } from "./types.js";

/** A plain JS value (as from JSON.parse, or with bigint for big integers) as a Rego value. */
export function fromJSON(x: unknown): Value {
  switch (typeof x) {
    case "string":
    case "boolean":
      return x;
    case "number":
      return Number.isSafeInteger(x) ? RegoNumber.fromInt(x) : RegoNumber.fromFloat(x);
    case "bigint":
      return RegoNumber.fromInt(x);
    case "object": {
      if (x === null) return null;
      if (Array.isArray(x)) {
        const out: Value[] = new Array(x.length);
        for (let i = 0; i < x.length; i++) out[i] = fromJSON(x[i]);
        return out;
      }
      if (x instanceof RegoNumber || x instanceof RegoObject || x instanceof RegoSet) return x;
      const proto = Object.getPrototypeOf(x);
      if (proto !== Object.prototype && proto !== null)
        throw new TypeError(`cannot convert ${proto?.constructor?.name ?? "object"} to a Rego value`);
      const o = new RegoObject();
      for (const k of Object.keys(x)) {
        const v = (x as Record<string, unknown>)[k];
        if (v !== undefined) o.set(k, fromJSON(v));
      }
      return o;
    }
    default:
      throw new TypeError(`cannot convert ${typeof x} to a Rego value`);
  }
}

/** The text OPA uses for an object key that is not a string when rendering JSON. */
function keyText(k: Value): string {
  return typeof k === "string" ? k : toJSONText(k);
}

/** A Rego value as plain JS for output: sets as sorted arrays, big integers as bigint. */
export function toJSON(v: Value): unknown {
  if (v === null || typeof v !== "object") return v;
  if (v instanceof RegoNumber) {
    if (v.isSmallInt() || !v.isInteger()) return v.toNumber();
    // A double whose shortest text denotes this integer round-trips through JSON unchanged.
    const d = v.toNumber();
    return Number.isFinite(d) && RegoNumber.fromFloat(d).equals(v) ? d : v.toBigInt();
  }
  if (Array.isArray(v)) return v.map(toJSON);
  if (v instanceof RegoSet) return v.values().map(toJSON);
  const out: Record<string, unknown> = {};
  for (const [k, x] of v) {
    const key = keyText(k);
    if (key === "__proto__")
      Object.defineProperty(out, key, {
        value: toJSON(x),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[key] = toJSON(x);
  }
  return out;
}

const hex = (c: number, width: number) => c.toString(16).padStart(width, "0");

function isLoneSurrogate(s: string, i: number, c: number): boolean {
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return !(d >= 0xdc00 && d <= 0xdfff);
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const p = s.charCodeAt(i - 1);
    return !(p >= 0xd800 && p <= 0xdbff);
  }
  return false;
}

const GO_QUOTE_ESCAPES: Record<number, string> = {
  7: "\\a",
  8: "\\b",
  9: "\\t",
  10: "\\n",
  11: "\\v",
  12: "\\f",
  13: "\\r",
  34: '\\"',
  92: "\\\\",
};

/** Go's strconv.Quote (printable non-ASCII kept as is). */
export function goQuote(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20 || c === 0x7f || c === 34 || c === 92) esc = GO_QUOTE_ESCAPES[c] ?? `\\x${hex(c, 2)}`;
    else if ((c >= 0x80 && c <= 0xa0) || c === 0xad || c === 0x2028 || c === 0x2029 || c === 0xfeff)
      esc = `\\u${hex(c, 4)}`;
    else if (c >= 0xd800 && c <= 0xdfff && isLoneSurrogate(s, i, c)) esc = "\\ufffd";
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return `${out + s.slice(start)}"`;
}

/** Go encoding/json string encoding (HTML-safe: <, > and & escaped). */
export function jsonQuote(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20) {
      esc =
        c === 10
          ? "\\n"
          : c === 13
            ? "\\r"
            : c === 9
              ? "\\t"
              : c === 8
                ? "\\b"
                : c === 12
                  ? "\\f"
                  : `\\u${hex(c, 4)}`;
    } else if (c === 34) esc = '\\"';
    else if (c === 92) esc = "\\\\";
    else if (c === 60 || c === 62 || c === 38 || c === 0x2028 || c === 0x2029) esc = `\\u${hex(c, 4)}`;
    else if (c >= 0xd800 && c <= 0xdfff && isLoneSurrogate(s, i, c)) esc = "\\ufffd";
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return `${out + s.slice(start)}"`;
}

/** OPA's Rego text of a value: `{1, 2}`, `{"a": 1}`, `set()`, strings Go-quoted. */
export function formatValue(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return v ? "true" : "false";
    case "string":
      return goQuote(v);
  }
  if (v instanceof RegoNumber) return v.toString();
  if (Array.isArray(v)) return `[${v.map(formatValue).join(", ")}]`;
  if (v instanceof RegoSet) return v.size === 0 ? "set()" : `{${v.values().map(formatValue).join(", ")}}`;
  const parts: string[] = [];
  for (const [k, x] of v) parts.push(`${formatValue(k)}: ${formatValue(x)}`);
  return `{${parts.join(", ")}}`;
}

/** Go encoding/json text of a value: sorted keys, no spaces, numbers as their literal text. */
export function toJSONText(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return v ? "true" : "false";
    case "string":
      return jsonQuote(v);
  }
  if (v instanceof RegoNumber) return v.toString();
  if (Array.isArray(v)) return `[${v.map(toJSONText).join(",")}]`;
  if (v instanceof RegoSet) return `[${v.values().map(toJSONText).join(",")}]`;
  const entries: [string, Value][] = [];
  for (const [k, x] of v) entries.push([keyText(k), x]);
  entries.sort((a, b) => compareStrings(a[0], b[0]));
  return `{${entries.map(([k, x]) => `${jsonQuote(k)}:${toJSONText(x)}`).join(",")}}`;
}
