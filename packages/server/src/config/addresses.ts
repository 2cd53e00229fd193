import { isIPv4, isIPv6 } from "node:net";
import { fail, ok, type Parsed } from "./parsed.js";

/** A parsed `host:port`. For a listen address an empty host means every interface (`:8080`). */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const LISTEN_EXAMPLES = "e.g. :8080, 127.0.0.1:8080 or [::1]:8080";
const REMOTE_EXAMPLES = "e.g. syslog.example.com:514 or [2001:db8::1]:514";

export function isHost(text: string): boolean {
  return isIPv4(text) || isIPv6(text) || HOSTNAME.test(text);
}

/**
 * Reads `:8080`, `127.0.0.1:8080`, `localhost:8080` or `[::1]:8080`. With `hostRequired` (an
 * address to connect to rather than to listen on) the `:8080` form is refused.
 */
export function parseHostPort(text: string, options: { hostRequired: boolean }): Parsed<HostPort> {
  const quoted = JSON.stringify(text);
  const examples = options.hostRequired ? REMOTE_EXAMPLES : LISTEN_EXAMPLES;

  let host: string;
  let portPart: string;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0) return fail(`${quoted}: an IPv6 address in brackets needs its closing ]`);
    host = text.slice(1, close);
    if (!isIPv6(host)) return fail(`${quoted}: ${JSON.stringify(host)} is not an IPv6 address`);
    const rest = text.slice(close + 1);
    if (!rest.startsWith(":")) return fail(`${quoted} has no port; ${examples}`);
    portPart = rest.slice(1);
  } else {
    const parts = text.split(":");
    if (parts.length > 2) return fail(`${quoted}: put an IPv6 address in brackets, e.g. [::1]:8080`);
    if (parts.length === 1) {
      if (!/^\d+$/.test(text)) return fail(`${quoted} has no port; ${examples}`);
      return options.hostRequired
        ? fail(`${quoted} has no host; ${examples}`)
        : fail(`${quoted} has no host part; write :${text} for every interface or 127.0.0.1:${text}`);
    }
    [host, portPart] = parts;
    if (host !== "" && !isIPv4(host) && !HOSTNAME.test(host)) {
      return fail(`${quoted}: ${JSON.stringify(host)} is not a host name or IP address`);
    }
  }
  if (host === "" && options.hostRequired) return fail(`${quoted} has no host; ${examples}`);

  // Port 0 (any free port) makes sense to listen on, not to connect to.
  const lowestPort = options.hostRequired ? 1 : 0;
  if (!/^\d{1,5}$/.test(portPart) || Number(portPart) < lowestPort || Number(portPart) > 65_535) {
    return fail(`${quoted}: the port must be a number from ${lowestPort} to 65535`);
  }
  return ok({ host, port: Number(portPart) });
}
