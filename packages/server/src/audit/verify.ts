/**
 * Verification of the chain (spec 05): recompute each hash, check each prev_hash against the
 * previous hash and that ids have no gaps. Streams in keyset batches, so memory stays flat
 * whatever the log's length.
 */
import { and, asc, eq, gt, lte } from "drizzle-orm";
import type { Db } from "../store/index.js";
import { auditEvents, auditHead } from "../store/schema.js";
import { eventHash } from "./chain.js";

export interface VerifyResult {
  ok: boolean;
  events_verified: number;
  head_id: number;
  head_hash: string;
  first_bad_id: number | null;
  problem: string | null;
}

const BATCH = 5000;

export async function verifyAuditChain(
  store: { db: Db },
  range: { fromId?: number; toId?: number } = {},
): Promise<VerifyResult> {
  const db = store.db;
  const [head] = await db.select().from(auditHead).where(eq(auditHead.singleton, 1));
  const headId = head?.lastId ?? 0;
  const toId = Math.min(range.toId ?? headId, headId);
  const fromId = Math.max(range.fromId ?? 1, 1);
  let expectedId = fromId;
  let prevHash: string | undefined;
  if (fromId > 1) {
    const [before] = await db
      .select({ hash: auditEvents.hash })
      .from(auditEvents)
      .where(eq(auditEvents.id, fromId - 1));
    prevHash = before?.hash;
  } else {
    prevHash = "";
  }
  let verified = 0;
  const result = (first_bad_id: number | null, problem: string | null): VerifyResult => ({
    ok: problem === null,
    events_verified: verified,
    head_id: headId,
    head_hash: head?.lastHash ?? "",
    first_bad_id,
    problem,
  });

  let after = fromId - 1;
  while (after < toId) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(gt(auditEvents.id, after), lte(auditEvents.id, toId)))
      .orderBy(asc(auditEvents.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    for (const e of rows) {
      if (e.id !== expectedId)
        return result(expectedId, `event ${expectedId} is missing (next event is ${e.id})`);
      if (prevHash !== undefined && e.prevHash !== prevHash) {
        return result(e.id, `event ${e.id}: prev_hash does not match the hash of event ${e.id - 1}`);
      }
      if (eventHash(e.prevHash, e) !== e.hash)
        return result(e.id, `event ${e.id}: hash does not match its contents`);
      prevHash = e.hash;
      expectedId++;
      verified++;
    }
    after = rows[rows.length - 1].id;
  }
  if (expectedId <= toId) return result(expectedId, `event ${expectedId} is missing`);
  if (toId === headId && headId > 0 && prevHash !== head?.lastHash) {
    return result(headId, `the chain head does not match event ${headId}`);
  }
  return result(null, null);
}
