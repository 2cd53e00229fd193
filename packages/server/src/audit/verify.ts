/**
 * Verification of the chain (spec 05): recompute each hash, check each prev_hash against the
 * previous hash and that ids have no gaps. The range is read in batches of consecutive ids, the
 * next batch while the current one is checked: memory stays flat whatever the log's length, and
 * a batch costs the same with or without table statistics (PGlite never gathers any).
 */
import { eq, sql } from "drizzle-orm";
import { type Db, sqlRows } from "../store/index.js";
import { auditEvents, auditHead } from "../store/schema.js";
import { type ChainFields, eventHash } from "./chain.js";

export interface VerifyResult {
  ok: boolean;
  events_verified: number;
  head_id: number;
  head_hash: string;
  first_bad_id: number | null;
  problem: string | null;
}

const BATCH = 10_000;

/** A row as hashed; `id` is a string where the driver reads bigint as one. */
type ChainRow = Omit<ChainFields, "id"> & { id: number | string; prevHash: string; hash: string };

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

  const batchAfter = (after: number): Promise<ChainRow[]> =>
    sqlRows<ChainRow>(
      db,
      sql`select id, timestamp, actor_identity as "actorIdentity", action, request_id as "requestId",
            outcome, details_json as "detailsJson", prev_hash as "prevHash", hash
          from ${auditEvents}
          where id > ${after} and id <= ${Math.min(after + BATCH, toId)} order by id`,
    );
  let after = fromId - 1;
  let next = after < toId ? batchAfter(after) : undefined;
  try {
    while (next) {
      const rows = await next;
      after = Math.min(after + BATCH, toId);
      next = after < toId ? batchAfter(after) : undefined;
      for (const e of rows) {
        const id = Number(e.id);
        if (id !== expectedId)
          return result(expectedId, `event ${expectedId} is missing (next event is ${id})`);
        if (prevHash !== undefined && e.prevHash !== prevHash) {
          return result(id, `event ${id}: prev_hash does not match the hash of event ${id - 1}`);
        }
        if (eventHash(e.prevHash, e as ChainFields) !== e.hash)
          return result(id, `event ${id}: hash does not match its contents`);
        prevHash = e.hash;
        expectedId++;
        verified++;
      }
    }
  } finally {
    next?.catch(() => undefined); // a batch read ahead of a problem is not needed
  }
  if (expectedId <= toId) return result(expectedId, `event ${expectedId} is missing`);
  if (toId === headId && headId > 0 && prevHash !== head?.lastHash) {
    return result(headId, `the chain head does not match event ${headId}`);
  }
  return result(null, null);
}
