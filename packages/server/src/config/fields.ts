/**
 * Builders for the leaf values of the configuration schema. Each one states its own error
 * messages; values of secret fields are never quoted in them.
 */
import { createPrivateKey } from "node:crypto";
import { z } from "zod";
import { parseEncryptionKey } from "../workflow/crypto.js";
import { isHost, parseHostPort } from "./addresses.js";
import { parseDatabaseUrl } from "./database-url.js";
import { DURATION_EXAMPLES, formatDuration, parseDuration } from "./durations.js";
import { fail, ok, type Parsed } from "./parsed.js";
import { Secret, secretUrl } from "./secret.js";

/** A string with something in it. */
export function text() {
  return z.string().refine((value) => value.trim() !== "", "must not be empty");
}

/**
 * A value that may be left out. `""` counts as left out too, as it does for environment
 * variables: a template that renders `key: ""` means "not set".
 */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
}

/** A string that must match a pattern; `shape` says in words what it should look like. */
export function matching(pattern: RegExp, shape: string) {
  return z.string().refine((value) => pattern.test(value), {
    error: (issue) => `${JSON.stringify(issue.input)} is not ${shape}`,
  });
}

export function count(bounds: { min?: number; max?: number } = {}) {
  const min = bounds.min ?? 0;
  const number = z.number().int("must be a whole number").min(min, `must be at least ${min}`);
  return bounds.max === undefined ? number : number.max(bounds.max, `must be at most ${bounds.max}`);
}

export interface DurationBounds {
  /** `0s` is accepted (e.g. "do not wait"); otherwise a duration must be positive. */
  readonly allowZero?: boolean;
  readonly minMs?: number;
  readonly maxMs?: number;
  /** For settings kept in seconds downstream. */
  readonly wholeSeconds?: boolean;
}

/** A string read by `parse`: its reason becomes the problem's message. */
function parsedString<T>(parse: (value: string) => Parsed<T>, base = z.string()) {
  return base.transform((value, ctx) => {
    const parsed = parse(value);
    if (parsed.ok) return parsed.value;
    ctx.issues.push({ code: "custom", message: parsed.reason, input: value });
    return z.NEVER;
  });
}

/** A duration string (`30s`, `5m`, `1h30m`, `1d`) → milliseconds. */
export function duration(bounds: DurationBounds = {}) {
  const notBareNumber = z.string({
    error: (issue) =>
      typeof issue.input === "number"
        ? `${issue.input} has no unit; write a duration with a unit, e.g. ${issue.input}s or ${issue.input}m`
        : undefined,
  });
  return parsedString((value) => withinBounds(parseDuration(value), bounds), notBareNumber);
}

function withinBounds(parsed: Parsed<number>, bounds: DurationBounds): Parsed<number> {
  if (!parsed.ok) return parsed;
  const ms = parsed.value;
  if (ms === 0 && !bounds.allowZero) return fail(`must be longer than zero (${DURATION_EXAMPLES})`);
  if (bounds.minMs !== undefined && ms < bounds.minMs)
    return fail(`must be at least ${formatDuration(bounds.minMs)}`);
  if (bounds.maxMs !== undefined && ms > bounds.maxMs)
    return fail(`must be at most ${formatDuration(bounds.maxMs)}`);
  if (bounds.wholeSeconds && ms % 1000 !== 0) return fail("must be a whole number of seconds");
  return parsed;
}

/** `:8080`, `127.0.0.1:8080`, `[::1]:8080` → `{host, port}`. */
export function listenAddress() {
  return parsedString((value) => parseHostPort(value, { hostRequired: false }));
}

export function host() {
  return z
    .string()
    .refine(isHost, { error: (issue) => `${JSON.stringify(issue.input)} is not a host name or IP address` });
}

export function port() {
  return z
    .number()
    .int("must be a whole number")
    .min(1, "must be from 1 to 65535")
    .max(65_535, "must be from 1 to 65535");
}

/** URLs are not quoted in messages: some carry tokens. */
function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol);
}

export function httpUrl() {
  return z.string().refine(isHttpUrl, "must be an http:// or https:// URL");
}

/** A URL that may carry a token (webhooks): validated, then held as a `Secret`. */
export function secretHttpUrl() {
  return httpUrl().transform(secretUrl);
}

export function databaseUrl() {
  return parsedString(parseDatabaseUrl);
}

export function email() {
  return z.email({ error: (issue) => `${JSON.stringify(issue.input)} is not an e-mail address` });
}

/** An e-mail address, optionally with a display name: `jitsudo <jitsudo@example.com>`. */
export function mailbox() {
  const address = z.email();
  return z
    .string()
    .refine((value) => address.safeParse(/^[^<>]*<([^<>]+)>$/.exec(value)?.[1] ?? value).success, {
      error: (issue) => `${JSON.stringify(issue.input)} is not an e-mail address (or "Name <address>")`,
    });
}

/** An actor identity in the audit log, which never contains `|` (spec 05). */
export function identity() {
  return text()
    .refine((value) => !value.includes("|"), "must not contain |")
    .refine((value) => value.length <= 320, "must be at most 320 characters long");
}

export function secretText(bounds: { minLength?: number; advice?: string } = {}) {
  const minLength = bounds.minLength ?? 1;
  const advice = bounds.advice === undefined ? "" : ` (${bounds.advice})`;
  const tooShort =
    minLength === 1 ? "must not be empty" : `must be at least ${minLength} characters long${advice}`;
  return z
    .string()
    .refine((value) => value.length >= minLength, tooShort)
    .transform((value) => new Secret(value));
}

/** HTTP header names → values; values are secrets (an `Authorization` header is a credential). */
export function headers() {
  return z
    .record(matching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "an HTTP header name"), z.string())
    .default({})
    .transform((entries) =>
      Object.fromEntries(Object.entries(entries).map(([name, value]) => [name, new Secret(value)])),
    );
}

/** `security.encryption_key`: 32 bytes in base64, for AES-256-GCM. */
export function encryptionKey() {
  return parsedString((value) => {
    try {
      return ok(new Secret(parseEncryptionKey(value)));
    } catch {
      return fail("must be 32 bytes encoded in base64 (generate one with: openssl rand -base64 32)");
    }
  });
}

/**
 * `audit.signing_key`: an Ed25519 private key in PEM. A PEM squeezed onto one line with literal
 * `\n` (as env files force) is accepted too.
 */
export function ed25519PrivateKey() {
  return parsedString((value) => {
    const pem = value.includes("\n") ? value : value.replaceAll("\\n", "\n");
    return isEd25519PrivateKey(pem)
      ? ok(new Secret(pem))
      : fail(
          "must be an Ed25519 private key in PEM form (generate one with: openssl genpkey -algorithm ed25519)",
        );
  });
}

function isEd25519PrivateKey(pem: string): boolean {
  try {
    return createPrivateKey({ key: pem, format: "pem" }).asymmetricKeyType === "ed25519";
  } catch {
    return false;
  }
}
