/** `notifications.*` (spec 09). */
import { z } from "zod";
import {
  duration,
  headers,
  host,
  mailbox,
  optional,
  port,
  secretHttpUrl,
  secretText,
  text,
} from "./fields.js";

export const NOTIFICATION_EVENT_TYPES = [
  "request_created",
  "approved",
  "auto_approved",
  "ai_approved",
  "ai_denied",
  "ai_escalated",
  "denied",
  "withdrawn",
  "expired",
  "revoked",
  "break_glass",
  "grant_failed",
  "revoke_failed",
  "approval_recorded",
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

/** Empty: every event. */
const eventFilter = () => z.array(z.enum(NOTIFICATION_EVENT_TYPES)).default([]);

const slack = z.strictObject({
  webhook_url: secretHttpUrl(),
  channel: optional(text()),
  /** e.g. `<!channel>` or `<!subteam^S0123>`, put before break-glass messages. */
  mention_on_break_glass: optional(text()),
});

const smtp = z.strictObject({
  host: host(),
  /** Default 587, or 465 with `secure: true` (build.ts). */
  port: optional(port()),
  /** false: STARTTLS when the server offers it; true: TLS from the first byte. */
  secure: z.boolean().default(false),
  username: optional(text()),
  password: optional(secretText()),
  from: mailbox(),
  to: z.array(mailbox()).min(1),
});

const webhook = z.strictObject({
  url: secretHttpUrl(),
  headers: headers(),
  /** Signs each body: `X-Jitsudo-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`. */
  secret: optional(secretText()),
  events: eventFilter(),
});

const siemJson = z.strictObject({
  url: secretHttpUrl(),
  headers: headers(),
  events: eventFilter(),
});

export const SYSLOG_NETWORKS = ["udp", "tcp", "tls", "unix"] as const;
export const SYSLOG_FACILITIES = [
  "auth",
  "daemon",
  "local0",
  "local1",
  "local2",
  "local3",
  "local4",
  "local5",
  "local6",
  "local7",
] as const;

const syslog = z.strictObject({
  network: z.enum(SYSLOG_NETWORKS).default("udp"),
  /** `host:port`, or a socket path for `unix`; checked against `network` in rules.ts. */
  address: text(),
  /** RFC 5424 APP-NAME: printable ASCII without spaces, at most 48 characters. */
  tag: z
    .string()
    .refine((value) => /^[!-~]{1,48}$/.test(value), "must be 1–48 printable characters without spaces")
    .default("jitsudo"),
  facility: z.enum(SYSLOG_FACILITIES).default("auth"),
});

export const notificationsSchema = z.strictObject({
  /** How long each channel is retried for one event. */
  retry_for: duration().prefault("1h"),
  slack: slack.optional(),
  smtp: smtp.optional(),
  webhooks: z.array(webhook).default([]),
  siem: z.strictObject({ json: siemJson.optional(), syslog: syslog.optional() }).prefault({}),
});
