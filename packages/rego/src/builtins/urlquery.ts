// Go's net/url query escaping: url.QueryEscape, url.QueryUnescape, url.ParseQuery and
// url.Values.Encode (encodeURIComponent differs: it leaves !'()* alone and writes "%20").

export class UrlEscapeError extends Error {}

const HEX = "0123456789ABCDEF";

function isUnreserved(b: number): boolean {
  return (
    (b >= 0x61 && b <= 0x7a) || // a-z
    (b >= 0x41 && b <= 0x5a) || // A-Z
    (b >= 0x30 && b <= 0x39) || // 0-9
    b === 0x2d || // -
    b === 0x5f || // _
    b === 0x2e || // .
    b === 0x7e // ~
  );
}

/** url.QueryEscape: UTF-8 bytes, space as "+", everything but [A-Za-z0-9-_.~] as %XX. */
export function queryEscape(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length && plain; i++) plain = isUnreserved(s.charCodeAt(i));
  if (plain) return s;
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    if (isUnreserved(b)) out += String.fromCharCode(b);
    else if (b === 0x20) out += "+";
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Go's strconv.Quote for the short ASCII fragments of escape errors. */
function quoteFragment(s: string): string {
  return JSON.stringify(s);
}

/** url.QueryUnescape: "+" is a space; malformed escapes are errors. */
export function queryUnescape(s: string): string {
  if (!s.includes("%") && !s.includes("+")) return s;
  const src = Buffer.from(s, "utf8");
  const out = Buffer.alloc(src.length);
  let n = 0;
  for (let i = 0; i < src.length; ) {
    const b = src[i]!;
    if (b === 0x25) {
      const hi = i + 2 < src.length ? hexValue(src[i + 1]!) : -1;
      const lo = i + 2 < src.length ? hexValue(src[i + 2]!) : -1;
      if (hi < 0 || lo < 0) {
        const frag = src.subarray(i, Math.min(i + 3, src.length)).toString("utf8");
        throw new UrlEscapeError(`invalid URL escape ${quoteFragment(frag)}`);
      }
      out[n++] = (hi << 4) | lo;
      i += 3;
    } else {
      out[n++] = b === 0x2b ? 0x20 : b;
      i++;
    }
  }
  return out.subarray(0, n).toString("utf8");
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
