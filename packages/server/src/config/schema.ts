/**
 * The YAML file's shape (spec 07), key for key. Every mapping is strict, so a misspelt key is an
 * error rather than a setting silently left at its default. Leaf values are converted here
 * (durations to milliseconds, addresses to host and port, secrets to `Secret`); `build.ts` then
 * arranges the result as the camelCase `ServerConfig`. Checks that involve more than one key live
 * in `rules.ts`.
 */
import { z } from "zod";
import { MIN_DURATION_SECONDS } from "../workflow/config.js";
import {
  count,
  databaseUrl,
  duration,
  ed25519PrivateKey,
  email,
  encryptionKey,
  httpUrl,
  identity,
  listenAddress,
  optional,
  secretText,
  text,
} from "./fields.js";
import { notificationsSchema } from "./notifications-schema.js";
import { providersSchema } from "./providers-schema.js";

const DEFAULT_DATABASE_URL = "pglite://./jitsudo-data";
const MCP_TOKEN_MIN_LENGTH = 32;

const server = z.strictObject({
  http_addr: listenAddress().prefault(":8080"),
  /** Derived from http_addr when absent (build.ts). */
  public_url: optional(httpUrl()),
});

const database = z.strictObject({
  url: databaseUrl().prefault(DEFAULT_DATABASE_URL),
  max_connections: count({ min: 1, max: 10_000 }).default(10),
});

const auth = z.strictObject({
  /** Required outside dev mode (rules.ts). */
  oidc_issuer: optional(httpUrl()),
  oidc_discovery_url: optional(httpUrl()),
  client_id: text().default("jitsudo-cli"),
  extra_audiences: z.array(text()).default([]),
  groups_claim: text().default("groups"),
  admin_group: text().default("jitsudo-admins"),
  admin_emails: z.array(email()).default([]),
  auditor_group: text().default("jitsudo-auditors"),
});

const tls = z.strictObject({
  cert_file: optional(text()),
  key_file: optional(text()),
  ca_file: optional(text()),
});

const workflow = z.strictObject({
  max_duration: duration({ minMs: MIN_DURATION_SECONDS * 1000, wholeSeconds: true }).prefault("12h"),
  pending_ttl: duration().prefault("24h"),
  ai_review_timeout: duration().prefault("5m"),
  /** `0s`: answer `APPROVED` at once and grant in the background. */
  grant_wait: duration({ allowZero: true }).prefault("10s"),
  grant_retry_window: duration().prefault("5m"),
  revoke_alert_after: duration().prefault("10m"),
});

const security = z.strictObject({
  encryption_key: optional(encryptionKey()),
});

const policy = z.strictObject({
  reload_interval: duration().prefault("30s"),
  eval_timeout: duration().prefault("100ms"),
});

const mcp = z.strictObject({
  token: optional(
    secretText({
      minLength: MCP_TOKEN_MIN_LENGTH,
      advice: "generate one with: openssl rand -base64 32",
    }),
  ),
  agent_identity: identity().default("mcp-agent"),
});

/** A checkpoint is signed when either threshold is reached, whichever comes first. */
const checkpointEvery = z.strictObject({
  events: count({ min: 1 }).default(1000),
  interval: duration().prefault("10m"),
});

const audit = z.strictObject({
  signing_key: optional(ed25519PrivateKey()),
  checkpoint_every: checkpointEvery.prefault({}),
});

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export const LOG_FORMATS = ["json", "text"] as const;

const log = z.strictObject({
  level: z.enum(LOG_LEVELS).default("info"),
  format: z.enum(LOG_FORMATS).default("json"),
});

export const configFileSchema = z.strictObject({
  server: server.prefault({}),
  database: database.prefault({}),
  auth: auth.prefault({}),
  tls: tls.prefault({}),
  workflow: workflow.prefault({}),
  security: security.prefault({}),
  policy: policy.prefault({}),
  providers: providersSchema.prefault({}),
  notifications: notificationsSchema.prefault({}),
  mcp: mcp.prefault({}),
  audit: audit.prefault({}),
  log: log.prefault({}),
});

/** The file after validation: YAML's keys, converted leaf values, defaults filled in. */
export type ConfigFile = z.output<typeof configFileSchema>;
