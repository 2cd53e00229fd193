import { inspect } from "node:util";

export const REDACTED = "[redacted]";

/**
 * A configuration value that must never reach a log line, an error message or a JSON dump:
 * string conversion, `JSON.stringify` (pino's serialiser) and `util.inspect` all print
 * `[redacted]` (or the redacted form given, e.g. a URL with only its origin). Call `reveal()`
 * where the value is actually used.
 */
export class Secret<T = string> {
  readonly #value: T;
  readonly #redacted: string;

  constructor(value: T, redacted: string = REDACTED) {
    this.#value = value;
    this.#redacted = redacted;
    Object.freeze(this);
  }

  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return this.#redacted;
  }

  toJSON(): string {
    return this.#redacted;
  }

  [inspect.custom](): string {
    return `Secret(${this.#redacted})`;
  }
}

/** A URL that may carry a token in its path, query or user info: only its origin is shown. */
export function secretUrl(url: string): Secret {
  return new Secret(url, `${new URL(url).origin}/${REDACTED}`);
}

/** A database URL: shown with its password and query (which may hold one) redacted. */
export function secretConnectionUrl(url: string): Secret {
  const parsed = new URL(url);
  const password = parsed.password === "" ? "" : `:${REDACTED}`;
  const user = parsed.username === "" ? "" : `${parsed.username}${password}@`;
  const query = parsed.search === "" ? "" : `?${REDACTED}`;
  return new Secret(url, `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}${query}`);
}
