// Go's net/url escaping: the per-component rules of shouldEscape, escape and unescape (as
// urlEscape and urlUnescape, for url.QueryEscape, url.QueryUnescape and url.Parse), url.ParseQuery and
// url.Values.Encode. (encodeURIComponent differs: it leaves !'()* alone and writes "%20".)

import { goQuote } from "../value/index.js";

export class UrlEscapeError extends Error {}

/** The URL component a string is escaped for, as Go's `encoding` modes. */
export type UrlComponent = "path" | "pathSegment" | "host" | "zone" | "userPassword" | "query" | "fragment";

const HEX = "0123456789ABCDEF";

const isAlphanumeric = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

/** Go's shouldEscape: whether byte c must be %-escaped in the given component. */
export function shouldEscape(c: number, mode: UrlComponent): boolean {
  if (isAlphanumeric(c)) return false;
  const ch = String.fromCharCode(c);
  // hosts also keep sub-delims, ":" and "[]" (ports, IPv6 literals) and < > " unescaped
  if ((mode === "host" || mode === "zone") && "!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  if ("-_.~".includes(ch)) return false;
  if ("$&+,/:;=?@".includes(ch)) {
    switch (mode) {
      case "path":
        return ch === "?";
      case "pathSegment":
        return "/;,?".includes(ch);
      case "userPassword":
        return "@/?:".includes(ch);
      case "query":
        return true;
      case "fragment":
        return false;
    }
  }
  return !(mode === "fragment" && "!()*".includes(ch));
}

/** Go's escape: UTF-8 bytes, %XX for those that must be escaped, space as "+" in queries. */
export function urlEscape(s: string, mode: UrlComponent): string {
  let plain = true;
  for (let i = 0; i < s.length && plain; i++)
    plain = s.charCodeAt(i) < 0x80 && !shouldEscape(s.charCodeAt(i), mode);
  if (plain) return s;
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    if (b === 0x20 && mode === "query") out += "+";
    else if (shouldEscape(b, mode)) out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const escapeError = (bytes: Uint8Array) =>
  new UrlEscapeError(`invalid URL escape ${goQuote(Buffer.from(bytes).toString("utf8"))}`);

/**
 * Go's unescape: %XX sequences must be well formed; "+" is a space in queries; a host may
 * %-encode only non-ASCII bytes (and "%25"), and holds no byte that would need escaping.
 */
export function urlUnescape(s: string, mode: UrlComponent): string {
  const inHost = mode === "host" || mode === "zone";
  if (!s.includes("%") && !(mode === "query" && s.includes("+")) && !inHost) return s;
  const src = Buffer.from(s, "utf8");
  const out = Buffer.alloc(src.length);
  let n = 0;
  for (let i = 0; i < src.length; ) {
    const b = src[i]!;
    if (b === 0x25) {
      const hi = hexValue(src[i + 1]);
      const lo = hexValue(src[i + 2]);
      if (i + 2 >= src.length || hi < 0 || lo < 0) throw escapeError(src.subarray(i, i + 3));
      const byte = (hi << 4) | lo;
      const percent = byte === 0x25;
      if (mode === "host" && hi < 8 && !percent) throw escapeError(src.subarray(i, i + 3));
      if (mode === "zone" && !percent && byte !== 0x20 && shouldEscape(byte, "host"))
        throw escapeError(src.subarray(i, i + 3));
      out[n++] = byte;
      i += 3;
      continue;
    }
    if (inHost && b < 0x80 && shouldEscape(b, mode))
      throw new UrlEscapeError(`invalid character ${goQuote(String.fromCharCode(b))} in host name`);
    out[n++] = b === 0x2b && mode === "query" ? 0x20 : b;
    i++;
  }
  return out.subarray(0, n).toString("utf8");
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  return urlEscape(s, "query");
}

/** url.QueryUnescape. */
export function queryUnescape(s: string): string {
  return urlUnescape(s, "query");
}

/**
 * url.ParseQuery: "&"-separated pairs, values in order of appearance per key. Like Go, a bad
 * pair is skipped and the first error is reported after the whole query is read.
 */
export function parseQuery(query: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  let firstError: Error | undefined;
  for (const pair of query.split("&")) {
    if (pair.includes(";")) {
      firstError = new UrlEscapeError("invalid semicolon separator in query");
      continue;
    }
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = queryUnescape(rawKey);
      value = queryUnescape(rawValue);
    } catch (e) {
      firstError ??= e as Error;
      continue;
    }
    const values = params.get(key);
    if (values) values.push(value);
    else params.set(key, [value]);
  }
  if (firstError) throw firstError;
  return params;
}

/** url.Values.Encode: keys in byte order, "k=v" pairs joined by "&". */
export function encodeQuery(params: ReadonlyMap<string, readonly string[]>): string {
  const keys = [...params.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const parts: string[] = [];
  for (const key of keys) {
    const k = queryEscape(key);
    for (const v of params.get(key)!) parts.push(`${k}=${queryEscape(v)}`);
  }
  return parts.join("&");
}
