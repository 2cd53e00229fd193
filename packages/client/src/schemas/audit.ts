/** The audit log: events, queries and verification (spec 05). */
import { z } from "zod";
import {
  IdentitySchema,
  LIMITS,
  NextPageTokenSchema,
  PageTokenSchema,
  ProviderNameSchema,
  TimestampSchema,
  pageSize,
  queryInteger,
} from "./primitives.js";
import { RequestIdSchema } from "./requests.js";

export const AuditEventSchema = z
  .object({
    id: z.int().min(1).describe("Gapless sequence number: 1, 2, 3, …"),
    timestamp: TimestampSchema.describe("Server time with exactly three fractional digits, as hashed"),
    actor_identity: z.string().describe("The acting principal, or system for background jobs"),
    action: z.string().describe("e.g. request.created, grant.issued (spec 05, Actions)"),
    request_id: z.string().nullable(),
    provider: z.string().nullable(),
    resource_scope: z.string().nullable(),
    outcome: z.enum(["success", "failure"]),
    details_json: z.string().describe("Compact JSON with sorted keys"),
    prev_hash: z.string().describe("Hash of the previous event; empty for event 1"),
    hash: z
      .string()
      .describe(
        "lowercase hex SHA-256 of prev_hash|id|timestamp|actor_identity|action|request_id|outcome|details_json",
      ),
  })
  .meta({ id: "AuditEvent", description: "One hash-chained audit event (spec 05)" });
export type AuditEvent = z.infer<typeof AuditEventSchema>;

const MAX_EVENT_ID = Number.MAX_SAFE_INTEGER;

export const AuditQuerySchema = z
  .strictObject({
    actor_identity: IdentitySchema.optional(),
    request_id: RequestIdSchema.optional(),
    provider: ProviderNameSchema.optional(),
    action: z.string().min(1).max(LIMITS.action).optional(),
    since: z.iso.datetime({ offset: true }).optional().describe("Events at or after this RFC 3339 time"),
    until: z.iso.datetime({ offset: true }).optional().describe("Events before this RFC 3339 time"),
    page_size: pageSize(1000, 100).optional(),
    page_token: PageTokenSchema.optional(),
    order: z.enum(["desc", "asc"]).optional().describe("desc (newest first, the default) or asc"),
  })
  .meta({ id: "AuditQuery", description: "GET /audit" });
export type AuditQuery = z.output<typeof AuditQuerySchema>;

export const AuditVerifyQuerySchema = z
  .strictObject({
    from_id: queryInteger(1, MAX_EVENT_ID).optional().describe("First event to verify (default 1)"),
    to_id: queryInteger(1, MAX_EVENT_ID).optional().describe("Last event to verify (default the head)"),
  })
  .meta({ id: "AuditVerifyQuery", description: "GET /audit/verify" });
export type AuditVerifyQuery = z.output<typeof AuditVerifyQuerySchema>;

export const AuditEventListSchema = z
  .object({ events: z.array(AuditEventSchema), next_page_token: NextPageTokenSchema })
  .meta({ id: "AuditEventList", description: "A page of audit events" });
export type AuditEventList = z.infer<typeof AuditEventListSchema>;

export const AuditVerifyResultSchema = z
  .object({
    ok: z.boolean(),
    events_verified: z.int().min(0),
    head_id: z.int().nullable().describe("ID of the last event verified"),
    head_hash: z.string().nullable().describe("Hash of the last event verified"),
    first_bad_id: z.int().nullable().describe("The first event whose hash, link or id is wrong"),
    problem: z.string().nullable().describe("What is wrong with first_bad_id"),
  })
  .meta({ id: "AuditVerifyResult", description: "Result of GET /audit/verify" });
export type AuditVerifyResult = z.infer<typeof AuditVerifyResultSchema>;
