/**
 * Appending to the audit log inside the caller's transaction: the event commits with the change
 * it records or not at all. A transaction's events are chained just before it commits: the chain
 * head row is locked then, always the transaction's last lock (after any request row), which makes
 * ids gapless and the chain one linear sequence across instances. Every writer waits for that lock,
 * so it is held for one more statement and the commit only.
 */
import { eq, sql } from "drizzle-orm";
import { beforeCommit, type Tx } from "../store/index.js";
import { auditEvents, auditHead } from "../store/schema.js";
import { auditTimestamp, canonicalJson, chainEvents, type UnchainedEvent } from "./chain.js";

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

/** The events each open transaction will chain when it commits. */
const unchained = new WeakMap<Tx, UnchainedEvent[]>();

/** Records `e` in `tx` (a `store.transaction`); it is chained and written when `tx` commits. */
export async function appendAuditEvent(tx: Tx, e: NewAuditEvent, now: Date = new Date()): Promise<void> {
  const event = unchainedEvent(e, now);
  let events = unchained.get(tx);
  if (!events) {
    const mine: UnchainedEvent[] = [];
    beforeCommit(tx, () => writeChained(tx, mine));
    unchained.set(tx, mine);
    events = mine;
  }
  events.push(event);
}

/** Checks an event and fixes its details and timestamp as of its append. */
export function unchainedEvent(e: NewAuditEvent, now: Date): UnchainedEvent {
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
    actorIdentity: e.actor,
    action: e.action,
    requestId: e.requestId ?? null,
    provider: e.provider ?? null,
    resourceScope: e.resourceScope ?? null,
    outcome,
    detailsJson: canonicalJson(e.details),
  };
}

async function writeChained(tx: Tx, events: UnchainedEvent[]): Promise<void> {
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.singleton, 1)).for("update");
  if (!head) throw new Error("the audit chain head is missing; run jitsudod migrate");
  const chained = chainEvents(head, events);
  // One statement: the events and the new head, so the lock is held for one round trip and the commit.
  const insert = tx.insert(auditEvents).values(chained.rows).getSQL();
  const moveHead = tx.update(auditHead).set(chained.head).where(eq(auditHead.singleton, 1)).getSQL();
  await tx.execute(sql`with appended as (${insert}) ${moveHead}`);
}
