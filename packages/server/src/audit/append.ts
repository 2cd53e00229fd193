/**
 * Appending to the audit log inside the caller's transaction: the event commits with the change
 * it records or not at all. The chain head row is locked for the append, which makes ids gapless
 * and the chain one linear sequence across instances. Callers lock request rows before appending,
 * never after, so the head is always the last lock taken.
 */
import { eq } from "drizzle-orm";
import { auditEvents, auditHead } from "../store/schema.js";
import type { Tx } from "../store/index.js";
import { auditTimestamp, canonicalJson, eventHash } from "./chain.js";

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

export async function appendAuditEvent(
  tx: Tx,
  e: NewAuditEvent,
  now: Date = new Date(),
): Promise<AuditEventRow> {
  const outcome = e.outcome ?? "success";
  for (const [field, value] of [
    ["actor", e.actor],
    ["action", e.action],
    ["request_id", e.requestId ?? ""],
    ["outcome", outcome],
  ] as const) {
    if (!SEPARATOR_FREE.test(value)) throw new Error(`audit ${field} must not contain "|"`);
  }
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.singleton, 1)).for("update");
  if (!head) throw new Error("the audit chain head is missing; run jitsudod migrate");
  const stamp = auditTimestamp(now);
  // Keep timestamps in id order even if this instance's clock is behind the last writer's.
  const timestamp = stamp < head.lastTimestamp ? head.lastTimestamp : stamp;
  const fields = {
    id: head.lastId + 1,
    timestamp,
    actorIdentity: e.actor,
    action: e.action,
    requestId: e.requestId ?? null,
    outcome,
    detailsJson: canonicalJson(e.details),
  };
  const row: AuditEventRow = {
    ...fields,
    provider: e.provider ?? null,
    resourceScope: e.resourceScope ?? null,
    prevHash: head.lastHash,
    hash: eventHash(head.lastHash, fields),
  };
  await tx.insert(auditEvents).values(row);
  await tx
    .update(auditHead)
    .set({ lastId: row.id, lastHash: row.hash, lastTimestamp: row.timestamp })
    .where(eq(auditHead.singleton, 1));
  return row;
}
