/**
 * The one database schema (spec 01 "Storage"), shared by the PostgreSQL and PGlite drivers.
 * Migrations under packages/server/drizzle are generated from this file by drizzle-kit.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: "date" });

export const requests = pgTable(
  "requests",
  {
    id: text("id").primaryKey(),
    state: text("state").notNull(),
    requesterIdentity: text("requester_identity").notNull(),
    requesterGroups: jsonb("requester_groups").$type<string[]>().notNull(),
    provider: text("provider").notNull(),
    role: text("role").notNull(),
    resourceScope: text("resource_scope").notNull(),
    durationSeconds: integer("duration_seconds").notNull(),
    reason: text("reason").notNull(),
    breakGlass: boolean("break_glass").notNull(),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull(),
    approverTier: text("approver_tier").notNull(),
    requiredApprovals: integer("required_approvals").notNull(),
    /** Distinct approvals recorded so far (the rows of `approvals`). */
    approvalCount: integer("approval_count").notNull().default(0),
    approverGroups: jsonb("approver_groups").$type<string[]>().notNull(),
    approverIdentity: text("approver_identity"),
    approverComment: text("approver_comment"),
    aiReasoning: text("ai_reasoning"),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
    approvedAt: at("approved_at"),
    activatedAt: at("activated_at"),
    expiresAt: at("expires_at"),
    endedAt: at("ended_at"),
    lastError: text("last_error"),
    revokeToken: text("revoke_token"),
    reviewedAt: at("reviewed_at"),
    reviewedBy: text("reviewed_by"),
  },
  (t) => [
    index("requests_state_id_idx").on(t.state, t.id),
    index("requests_requester_id_idx").on(t.requesterIdentity, t.id),
    index("requests_provider_id_idx").on(t.provider, t.id),
    index("requests_break_glass_unreviewed_idx")
      .on(t.id)
      .where(sql`${t.breakGlass} and ${t.reviewedAt} is null`),
  ],
);

export const approvals = pgTable(
  "approvals",
  {
    requestId: text("request_id")
      .notNull()
      .references(() => requests.id),
    approverIdentity: text("approver_identity").notNull(),
    comment: text("comment"),
    createdAt: at("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.approverIdentity] })],
);

/** Sealed (AES-256-GCM) credentials of ACTIVE requests; the row is deleted when a grant ends. */
export const credentials = pgTable("credentials", {
  requestId: text("request_id")
    .primaryKey()
    .references(() => requests.id),
  ciphertext: text("ciphertext").notNull(),
});

export const policies = pgTable("policies", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  type: text("type").notNull(),
  rego: text("rego").notNull(),
  description: text("description").notNull().default(""),
  enabled: boolean("enabled").notNull(),
  createdAt: at("created_at").notNull(),
  updatedAt: at("updated_at").notNull(),
  updatedBy: text("updated_by"),
});

export const principals = pgTable("principals", {
  identity: text("identity").primaryKey(),
  trustTier: smallint("trust_tier").notNull().default(0),
  notes: text("notes"),
  enrolledBy: text("enrolled_by"),
  enrolledAt: at("enrolled_at"),
  lastSeenAt: at("last_seen_at"),
});

/**
 * The hash-chained audit log (spec 05). `timestamp` is the exact string that is hashed and
 * exported; RFC 3339 UTC with three fractional digits sorts lexically in time order.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey(),
    timestamp: text("timestamp").notNull(),
    actorIdentity: text("actor_identity").notNull(),
    action: text("action").notNull(),
    requestId: text("request_id"),
    provider: text("provider"),
    resourceScope: text("resource_scope"),
    outcome: text("outcome").notNull(),
    detailsJson: text("details_json").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_request_id_idx").on(t.requestId, t.id),
    index("audit_actor_id_idx").on(t.actorIdentity, t.id),
    index("audit_provider_id_idx").on(t.provider, t.id),
    index("audit_action_id_idx").on(t.action, t.id),
    index("audit_timestamp_idx").on(t.timestamp),
  ],
);

/** One row: the chain head, locked by every append so the chain stays one linear sequence. */
export const auditHead = pgTable("audit_head", {
  singleton: smallint("singleton").primaryKey(),
  lastId: bigint("last_id", { mode: "number" }).notNull(),
  lastHash: text("last_hash").notNull(),
  lastTimestamp: text("last_timestamp").notNull(),
});

/** Durable background work (spec 03 "Background jobs"). Finished jobs are deleted; failing ones keep their error. */
export const jobs = pgTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    runAt: at("run_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: at("created_at").notNull(),
    lockedBy: text("locked_by"),
    lockedUntil: at("locked_until"),
    lastError: text("last_error"),
    dedupeKey: text("dedupe_key"),
  },
  (t) => [index("jobs_run_at_idx").on(t.runAt), uniqueIndex("jobs_dedupe_key_idx").on(t.dedupeKey)],
);

export const schema = {
  requests,
  approvals,
  credentials,
  policies,
  principals,
  auditEvents,
  auditHead,
  jobs,
};
