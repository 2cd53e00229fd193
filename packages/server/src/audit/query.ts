/**
 * `GET /audit` (spec 02, 05): filters, visibility and keyset pagination by event id. Callers
 * who are neither admin nor auditor see only the events of their own requests.
 */
import { and, asc, desc, eq, gt, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Caller } from "../auth/principal.js";
import { invalidArgument } from "../errors.js";
import type { Db } from "../store/index.js";
import { auditEvents, requests } from "../store/schema.js";
import type { AuditEventRow } from "./append.js";
import { auditTimestamp } from "./chain.js";

export interface AuditQuery {
  actor_identity?: string;
  request_id?: string;
  provider?: string;
  action?: string;
  /** Events at or after this time. */
  since?: Date;
  /** Events before this time. */
  until?: Date;
  page_size?: number;
  page_token?: string;
  order?: "asc" | "desc";
}

export interface AuditEventView {
  id: number;
  timestamp: string;
  actor_identity: string;
  action: string;
  request_id: string | null;
  provider: string | null;
  resource_scope: string | null;
  outcome: string;
  details_json: string;
  prev_hash: string;
  hash: string;
}

export const DEFAULT_AUDIT_PAGE_SIZE = 100;
export const MAX_AUDIT_PAGE_SIZE = 1000;

export function toAuditView(e: AuditEventRow): AuditEventView {
  return {
    id: e.id,
    timestamp: e.timestamp,
    actor_identity: e.actorIdentity,
    action: e.action,
    request_id: e.requestId,
    provider: e.provider,
    resource_scope: e.resourceScope,
    outcome: e.outcome,
    details_json: e.detailsJson,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

export async function queryAudit(
  db: Db,
  caller: Caller,
  q: AuditQuery,
): Promise<{ events: AuditEventView[]; next_page_token: string | null }> {
  const size = Math.min(Math.max(q.page_size ?? DEFAULT_AUDIT_PAGE_SIZE, 1), MAX_AUDIT_PAGE_SIZE);
  const order = q.order ?? "desc";
  const after = q.page_token === undefined ? undefined : decodeAuditToken(q.page_token);
  const seesAll = caller.admin || caller.auditor;
  const where: (SQL | undefined)[] = [
    q.actor_identity === undefined ? undefined : eq(auditEvents.actorIdentity, q.actor_identity),
    q.request_id === undefined ? undefined : eq(auditEvents.requestId, q.request_id),
    q.provider === undefined ? undefined : eq(auditEvents.provider, q.provider),
    q.action === undefined ? undefined : eq(auditEvents.action, q.action),
    // [since, until) as ids: see firstIdFrom.
    q.since === undefined ? undefined : gte(auditEvents.id, firstIdFrom(q.since)),
    q.until === undefined ? undefined : lt(auditEvents.id, firstIdFrom(q.until)),
    after === undefined
      ? undefined
      : order === "desc"
        ? lt(auditEvents.id, after)
        : gt(auditEvents.id, after),
    seesAll
      ? undefined
      : inArray(
          auditEvents.requestId,
          db
            .select({ id: requests.id })
            .from(requests)
            .where(eq(requests.requesterIdentity, caller.identity)),
        ),
  ];
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(order === "desc" ? desc(auditEvents.id) : asc(auditEvents.id))
    .limit(size + 1);
  const more = rows.length > size;
  const page = more ? rows.slice(0, size) : rows;
  return {
    events: page.map(toAuditView),
    next_page_token: more ? encodeAuditToken(page[page.length - 1].id) : null,
  };
}

/**
 * The id of the first event at or after `t` (or one past every id). Timestamps never decrease
 * along the chain (an append clamps its timestamp to the head's under the head lock, and changing
 * one breaks verification), so a time range is an id range. Filtering by ids lets the id-ordered
 * scan start at the window, whatever the planner knows: filtering by timestamp made it walk from
 * the newest event back to the window (an hour a month back in a million events: 90-190 ms), or,
 * without table statistics as on PGlite, scan the whole window and sort it.
 */
function firstIdFrom(t: Date): SQL {
  return sql`coalesce((select ${auditEvents.id} from ${auditEvents}
    where ${auditEvents.timestamp} >= ${auditTimestamp(t)}
    order by ${auditEvents.timestamp}, ${auditEvents.id} limit 1), ${Number.MAX_SAFE_INTEGER})`;
}

function encodeAuditToken(id: number): string {
  return Buffer.from(`a:${id}`, "utf8").toString("base64url");
}

function decodeAuditToken(token: string): number {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const m = /^a:(\d{1,15})$/.exec(text);
  if (!m || encodeAuditToken(Number(m[1])) !== token)
    throw invalidArgument("page_token: not a valid page token");
  return Number(m[1]);
}
