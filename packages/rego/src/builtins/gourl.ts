// Go's url.Parse (the Go release OPA builds with), for uri.parse and uri.is_valid: the same
// split into scheme, opaque part, authority, path, query and fragment, the same strictness
// (userinfo characters, ASCII-only port digits, %-escapes in hosts, IPv6 literals) and the same
// error texts, e.g. `parse "http://a b": invalid character " " in host name`.

import { goQuote } from "../value/index.js";
import { parseIp } from "./ipnet.js";
import { shouldEscape, UrlEscapeError, urlEscape, urlUnescape } from "./urlquery.js";

export class UrlParseError extends Error {}

export interface GoUrl {
  scheme: string;
  opaque: string;
  host: string; // host[:port], IPv6 literals in brackets
  path: string;
  rawPath: string; // set only when path's default escaping differs from the input
  rawQuery: string;
  fragment: string;
}

const fail = (message: string) => new UrlEscapeError(message);

/** A leading "scheme:", if the text has one; undefined when it has none. */
function splitScheme(raw: string): [string, string] | undefined {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return undefined;
      continue;
    }
    if (c === ":") {
      if (i === 0) throw fail("missing protocol scheme");
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return undefined;
  }
  return undefined;
}

/** "" or ":" followed by ASCII digits only. */
const validOptionalPort = (port: string) => /^(?::[0-9]*)?$/.test(port);

/** netip.ParseAddr's acceptance of an IP-literal's content: IPv6, optionally with a zone. */
function checkIpLiteral(host: string): void {
  const zone = host.indexOf("%");
  const addr = parseIp(zone < 0 ? host : host.slice(0, zone));
  if (addr === undefined || (zone >= 0 && (addr.bytes === 4 || zone === host.length - 1)))
    throw fail(`invalid host: ParseAddr(${goQuote(host)}): unable to parse IP`);
  if (addr.bytes === 4) throw fail("invalid IP-literal");
}

/** host[:port] without userinfo. */
function parseHost(scheme: string, host: string): string {
  const open = host.lastIndexOf("[");
  if (open > 0) throw fail("invalid IP-literal");
  if (open === 0) {
    const close = host.lastIndexOf("]");
    if (close < 0) throw fail("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw fail(`invalid port ${goQuote(colonPort)} after host`);
    const port = urlUnescape(colonPort, "host");
    const inner = host.slice(1, close);
    // RFC 6874: "%25" starts a zone identifier, which may %-encode more than a host may
    const zone = inner.indexOf("%25");
    const name =
      zone < 0
        ? urlUnescape(inner, "host")
        : urlUnescape(inner.slice(0, zone), "host") + urlUnescape(inner.slice(zone), "zone");
    checkIpLiteral(name);
    return `[${name}]${port}`;
  }
  let colon = host.indexOf(":");
  if (colon >= 0) {
    // only http(s) hosts are strict about extra colons (go.dev/issue/75223)
    if (scheme !== "http" && scheme !== "https") colon = host.lastIndexOf(":");
    const colonPort = host.slice(colon);
    if (!validOptionalPort(colonPort)) throw fail(`invalid port ${goQuote(colonPort)} after host`);
  }
  return urlUnescape(host, "host");
}

const USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

/** The host of an authority; its userinfo is validated and decoded, then dropped. */
function parseAuthority(scheme: string, authority: string): string {
  const at = authority.lastIndexOf("@");
  const host = parseHost(scheme, authority.slice(at + 1));
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!USERINFO.test(userinfo)) throw fail("net/url: invalid userinfo");
    const colon = userinfo.indexOf(":");
    urlUnescape(colon < 0 ? userinfo : userinfo.slice(0, colon), "userPassword");
    if (colon >= 0) urlUnescape(userinfo.slice(colon + 1), "userPassword");
  }
  return host;
}

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function parseReference(raw: string): GoUrl {
  const url: GoUrl = { scheme: "", opaque: "", host: "", path: "", rawPath: "", rawQuery: "", fragment: "" };
  if (hasControlCharacter(raw)) throw fail("net/url: invalid control character in URL");
  if (raw === "*") return { ...url, path: "*" };
  const split = splitScheme(raw);
  let rest = raw;
  if (split) [url.scheme, rest] = [split[0].toLowerCase(), split[1]];
  const q = rest.indexOf("?");
  if (q >= 0) [rest, url.rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  if (!rest.startsWith("/")) {
    if (url.scheme !== "") return { ...url, opaque: rest };
    // a relative path's first segment must not look like a scheme
    if (rest.split("/", 1)[0]!.includes(":")) throw fail("first path segment in URL cannot contain colon");
  }
  if ((url.scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? "" : rest.slice(slash);
    url.host = parseAuthority(url.scheme, authority);
  }
  url.path = urlUnescape(rest, "path");
  url.rawPath = urlEscape(url.path, "path") === rest ? "" : rest;
  return url;
}

/** url.Parse; throws UrlParseError with Go's `parse "<url>": <reason>` text. */
export function parseGoUrl(raw: string): GoUrl {
  const hash = raw.indexOf("#");
  const [ref, fragment] = hash < 0 ? [raw, ""] : [raw.slice(0, hash), raw.slice(hash + 1)];
  const wrap = (url: string, f: () => GoUrl) => {
    try {
      return f();
    } catch (e) {
      if (e instanceof UrlEscapeError) throw new UrlParseError(`parse ${goQuote(url)}: ${e.message}`);
      throw e;
    }
  };
  const url = wrap(ref, () => parseReference(ref));
  return wrap(raw, () => ({ ...url, fragment: urlUnescape(fragment, "fragment") }));
}

/** URL.Hostname and URL.Port: a trailing numeric ":port" split off, IPv6 brackets removed. */
export function splitHostPort(hostPort: string): { hostname: string; port: string } {
  let hostname = hostPort;
  let port = "";
  const colon = hostPort.lastIndexOf(":");
  if (colon >= 0 && validOptionalPort(hostPort.slice(colon))) {
    hostname = hostPort.slice(0, colon);
    port = hostPort.slice(colon + 1);
  }
  if (hostname.startsWith("[") && hostname.endsWith("]")) hostname = hostname.slice(1, -1);
  return { hostname, port };
}

/** Whether a raw path needs no escaping: sub-delims, ":", "@", "[]" and %-escapes are fine. */
function validEncodedPath(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!"!$&'()*+,;=:@[]%".includes(s[i]!) && (c >= 0x80 || shouldEscape(c, "path"))) return false;
  }
  return true;
}

/** URL.EscapedPath: the raw path when it is a valid escaping of the path, else the default one. */
export function escapedPath(url: GoUrl): string {
  if (url.rawPath !== "" && validEncodedPath(url.rawPath)) {
    try {
      if (urlUnescape(url.rawPath, "path") === url.path) return url.rawPath;
    } catch (e) {
      if (!(e instanceof UrlEscapeError)) throw e;
    }
  }
  return url.path === "*" ? "*" : urlEscape(url.path, "path");
}
