// The floors of verification: reading every event once (keyset batches of the columns verify reads,
// nothing else done with them) and SHA-256 over the bytes the chain hashes, timed apart in one pass.
import { hash } from "node:crypto";
import { connect } from "../lib/db.mjs";

const BATCH = 10_000;
const SELECT = `select id, timestamp, actor_identity, action, request_id, outcome, details_json, prev_hash, hash
  from audit_events where id > $1 order by id limit ${BATCH}`;

export async function verifyFloors(database) {
  const db = await connect(database);
  let readMs = 0;
  let hashMs = 0;
  let events = 0;
  let bytes = 0;
  try {
    for (let after = 0; ; ) {
      const t0 = performance.now();
      const { rows } = await db.query(SELECT, [after]);
      readMs += performance.now() - t0;
      if (rows.length === 0) break;
      const texts = rows.map(
        (r) =>
          `${r.prev_hash}|${r.id}|${r.timestamp}|${r.actor_identity}|${r.action}|${r.request_id ?? ""}|${r.outcome}|${r.details_json}`,
      );
      for (const text of texts) bytes += Buffer.byteLength(text);
      const t2 = performance.now();
      for (const text of texts) hash("sha256", text, "hex");
      hashMs += performance.now() - t2;
      events += rows.length;
      after = Number(rows[rows.length - 1].id);
    }
  } finally {
    await db.close();
  }
  return { events, bytes, readMs, hashMs };
}
