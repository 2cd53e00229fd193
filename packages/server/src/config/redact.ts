import type { Secret } from "./secret.js";
import type { ServerConfig } from "./types.js";

/** The configuration as plain data with every secret replaced by its redacted form. */
export type RedactedConfig = Redacted<ServerConfig>;

type Redacted<T> =
  T extends Secret<unknown>
    ? string
    : T extends readonly (infer Item)[]
      ? readonly Redacted<Item>[]
      : T extends object
        ? { readonly [K in keyof T]: Redacted<T[K]> }
        : T;

/**
 * For logging the effective configuration at start-up. Secrets print as `[redacted]`, URLs that
 * may carry tokens as their origin only, database URLs without password.
 */
export function redactedConfig(config: ServerConfig): RedactedConfig {
  // Secret.toJSON() is the redaction; the round trip drops nothing else (the config is plain data).
  return JSON.parse(JSON.stringify(config)) as RedactedConfig;
}
