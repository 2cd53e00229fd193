/**
 * Building blocks shared by the API schemas (spec 02): field limits, timestamps, identities,
 * enums that also accept the long protobuf-style names, and query-string coercion.
 */
import { z } from "zod";

/** Maximum lengths and sizes of input fields (spec 02, "Limits"). */
export const LIMITS = {
  identity: 320,
  provider: 64,
  role: 256,
  scope: 256,
  reason: 2000,
  comment: 2000,
  notes: 2000,
  description: 2000,
  policyName: 128,
  /** Rego source, in UTF-8 bytes. */
  policyBytes: 256 * 1024,
  pageToken: 1024,
  /** The first word of a command run with credentials (`grant.credentials_read`). */
  command: 256,
  action: 128,
  metadataEntries: 64,
  metadataKey: 128,
  metadataValue: 1024,
} as const;

export const MIN_DURATION_SECONDS = 60;
export const MAX_WAIT_SECONDS = 60;
export const MAX_TRUST_TIER = 4;

export const TimestampSchema = z.iso
  .datetime()
  .describe("RFC 3339 UTC time with millisecond precision, e.g. 2026-03-20T16:00:00.000Z");

/** A principal's identity: the `email` claim of its ID token. Never contains `|` (spec 05). */
export const IdentitySchema = z
  .string()
  .min(1)
  .max(LIMITS.identity)
  .regex(/^[^|]*$/, { message: "must not contain '|'" })
  .describe("A principal's identity (the e-mail claim of its ID token)");

export const ProviderNameSchema = z
  .string()
  .min(1)
  .max(LIMITS.provider)
  .regex(/^[a-z][a-z0-9_-]*$/, {
    message: "must be a provider name such as aws, gcp, azure, kubernetes or mock",
  })
  .describe("Name of a configured provider: aws, azure, gcp, kubernetes or mock");

export const PageTokenSchema = z
  .string()
  .min(1)
  .max(LIMITS.pageToken)
  .describe("Opaque cursor from the previous page's next_page_token");

export const NextPageTokenSchema = z
  .string()
  .nullable()
  .describe("Cursor of the next page, or null on the last page");

/**
 * An enum of short names that input also accepts in the long protobuf style
 * (`REQUEST_STATE_PENDING` for `PENDING`, `POLICY_TYPE_APPROVAL` for `approval`), normalised to
 * the short name.
 */
export function acceptingLongNames<const T extends readonly [string, ...string[]]>(
  values: T,
  prefix: string,
) {
  const shortByLong = new Map<string, T[number]>(values.map((v) => [`${prefix}${v.toUpperCase()}`, v]));
  const accepted = [...values, ...shortByLong.keys()] as [string, ...string[]];
  return z
    .enum(accepted)
    .transform((v) => shortByLong.get(v) ?? v)
    .pipe(z.enum(values));
}

/** A query-string boolean: `true` or `false` (query values arrive as strings). */
export const QueryBooleanSchema = z.preprocess(
  (v) => (v === "true" ? true : v === "false" ? false : v),
  z.boolean({ error: "must be true or false" }),
);

/** A query-string integer in `[min, max]` (query values arrive as strings). */
export function queryInteger(min: number, max: number) {
  return z.preprocess(
    (v) => (typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v),
    z.int({ error: "must be an integer" }).min(min).max(max),
  );
}

/** `page_size` of a list route. */
export function pageSize(max: number, defaultSize: number) {
  return queryInteger(1, max).describe(`Results per page, 1-${max} (default ${defaultSize})`);
}
