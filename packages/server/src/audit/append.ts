/**
 * Appending to the audit log inside the caller's transaction: the event commits with the change
 * it records or not at all. A transaction's events are chained as it commits, by the database
 * function `jitsudo_audit_append` (migration 0002) deferred to the transaction's end: it locks
 * the chain head row, always the transaction's last lock (after any request row), which makes ids
 * gapless and the chain one linear sequence across instances. Every writer waits for that lock, so
 * it is held while the server runs that one statement and the commit, with no round trip to us.
 */
import { sql } from "drizzle-orm";
import { atCommit, type Tx } from "../store/index.js";
import type { auditEvents } from "../store/schema.js";
import { auditTimestamp, canonicalJson } from "./chain.js";
import type { AuditEventView } from "./query.js";

export interface NewAuditEvent {
  actor: string;
  action: string;
  requestId?: string;
  provider?: string;
  resourceScope?: string;
  outcome?: "success" | "failure";
  details: Record<string, unknown>;
}

export type AuditEventRow = typeof auditEvents.$inferSelect;

const SEPARATOR_FREE = /^[^|]*$/;

/** An event as `jitsudo_audit_append` takes it: its fields as the API shows them, but its place in the chain. */
type UnchainedEvent = Omit<AuditEventView, "id" | "prev_hash" | "hash">;

/** The events each open transaction will chain when it commits. */
const unchained = new WeakMap<Tx, UnchainedEvent[]>();

/** Records `e` in `tx` (a `store.transaction`); it is chained and written when `tx` commits. */
export async function appendAuditEvent(tx: Tx, e: NewAuditEvent, now: Date = new Date()): Promise<void> {
  const event = unchainedEvent(e, now);
  let events = unchained.get(tx);
  if (!events) {
    const mine: UnchainedEvent[] = [];
    atCommit(tx, () => sql`select jitsudo_audit_append(${JSON.stringify(mine)}::jsonb)`);
    unchained.set(tx, mine);
    events = mine;
  }
  events.push(event);
}

/** Checks an event and fixes its details and timestamp as of its append. */
function unchainedEvent(e: NewAuditEvent, now: Date): UnchainedEvent {
  const outcome = e.outcome ?? "success";
  for (const [field, value] of [
    ["actor", e.actor],
    ["action", e.action],
    ["request_id", e.requestId ?? ""],
    ["outcome", outcome],
  ] as const) {
    if (!SEPARATOR_FREE.test(value)) throw new Error(`audit ${field} must not contain "|"`);
  }
  return {
    timestamp: auditTimestamp(now),
    actor_identity: e.actor,
    action: e.action,
    request_id: e.requestId ?? null,
    provider: e.provider ?? null,
    resource_scope: e.resourceScope ?? null,
    outcome,
    details_json: canonicalJson(e.details),
  };
}
