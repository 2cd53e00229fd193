/** Server URLs as users give them (spec 06, `--server`). */
import { usageError } from "../errors.js";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * `http(s)://host:port` as given; a bare `host:port` means https, except on localhost/127.0.0.1,
 * which mean http. Trailing slashes are dropped.
 */
export function normalizeServerUrl(text: string): string {
  const trimmed = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)
    ? trimmed
    : `${LOOPBACK_HOSTS.has(hostOf(trimmed)) ? "http" : "https"}://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw usageError(
      `invalid server URL "${text}"`,
      "use http(s)://host:port, e.g. https://jitsudo.example.com",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw usageError(`invalid server URL "${text}": only http:// and https:// are supported`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function hostOf(hostPort: string): string {
  const bracketed = /^(\[[^\]]*\])/.exec(hostPort);
  return bracketed ? bracketed[1] : hostPort.split(/[:/]/, 1)[0].toLowerCase();
}
