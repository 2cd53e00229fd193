// Writes a long audit chain fast: synthetic request lifecycles, checked and encoded by the product's
// own unchainedEvent() and linked by its chainEvents() (the functions the append path uses), then
// inserted in large batches under the chain head lock. The rows are the ones appends would write.
import pino from "pino";
import { ulid } from "ulid";
import { chainEvents, unchainedEvent } from "../../packages/server/dist/audit/index.js";
import { openStore } from "../../packages/server/dist/store/index.js";
import { connect } from "../lib/db.mjs";

export const ACTORS = 1000;
const BATCH = 10_000;
const COLUMNS = [
  ["id", "bigint", "id"],
  ["timestamp", "text", "timestamp"],
  ["actor_identity", "text", "actorIdentity"],
  ["action", "text", "action"],
  ["request_id", "text", "requestId"],
  ["provider", "text", "provider"],
  ["resource_scope", "text", "resourceScope"],
  ["outcome", "text", "outcome"],
  ["details_json", "text", "detailsJson"],
  ["prev_hash", "text", "prevHash"],
  ["hash", "text", "hash"],
];
const INSERT = `insert into audit_events (${COLUMNS.map((c) => c[0]).join(", ")})
  select * from unnest(${COLUMNS.map((c, i) => `$${i + 1}::${c[1]}[]`).join(", ")})`;

export const actor = (i) => `engineer${i}@example.com`;

/** A migrated, empty database of `database` (from benchDatabase): the server's own migrations. */
export async function migrate(database) {
  const location =
    database.kind === "postgres"
      ? { kind: "postgres", url: database.url }
      : { kind: "pglite", dataDir: database.dataDir };
  const store = await openStore({ location, log: pino({ level: "silent" }) });
  await store.close();
}

/**
 * Appends `count` events after the current head, with timestamps spread evenly over the `spanMs`
 * before now. Resolves to `{ requestIds, seconds }`, the ids in chain order.
 */
export async function loadChain(database, count, spanMs) {
  const db = await connect(database);
  const started = performance.now();
  const requestIds = [];
  try {
    for (const batch of batches(count, spanMs, requestIds)) {
      await db.query("begin");
      const head = (
        await db.query(
          `select last_id as "lastId", last_hash as "lastHash", last_timestamp as "lastTimestamp"
             from audit_head where singleton = 1 for update`,
        )
      ).rows[0];
      const chained = chainEvents({ ...head, lastId: Number(head.lastId) }, batch);
      await db.query(
        INSERT,
        COLUMNS.map(([, , field]) => chained.rows.map((r) => r[field])),
      );
      await db.query(
        "update audit_head set last_id = $1, last_hash = $2, last_timestamp = $3 where singleton = 1",
        [chained.head.lastId, chained.head.lastHash, chained.head.lastTimestamp],
      );
      await db.query("commit");
    }
    // What autovacuum would have done by the time a log is this long; PGlite never analyzes.
    if (database.kind === "postgres") await db.query("analyze audit_events");
  } finally {
    await db.close();
  }
  return { requestIds, seconds: (performance.now() - started) / 1000 };
}

function* batches(count, spanMs, requestIds) {
  let batch = [];
  for (const event of lifecycles(count, spanMs, requestIds)) {
    batch.push(event);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Lives of auto-approved requests that expired, five events each, as the workflow writes them. */
function* lifecycles(count, spanMs, requestIds) {
  const start = Date.now() - spanMs;
  const step = spanMs / count;
  const details = (extra) => ({ ...extra, provider: "mock", role: "read-only", resource_scope: "sandbox" });
  for (let n = 0; n < count; ) {
    const at = () => new Date(start + n * step);
    const requestId = `req_${ulid(at().getTime())}`;
    requestIds.push(requestId);
    const subject = { requestId, provider: "mock", resourceScope: "sandbox" };
    const expiresAt = new Date(at().getTime() + 900_000).toISOString();
    const life = [
      {
        actor: actor(requestIds.length % ACTORS),
        action: "request.created",
        details: details({
          duration_seconds: 900,
          reason: `INC-${requestIds.length} investigating a failing deploy`,
          break_glass: false,
          approver_tier: "auto",
          required_approvals: 1,
        }),
      },
      { actor: "system", action: "request.auto_approved", details: details({ approver: "policy" }) },
      { actor: "system", action: "grant.issued", details: details({ expires_at: expiresAt }) },
      { actor: "system", action: "grant.expired", details: details({ expires_at: expiresAt }) },
      { actor: "system", action: "grant.revoked", details: details({ trigger: "expiry", attempts: 1 }) },
    ];
    for (const e of life) {
      if (n >= count) return;
      yield unchainedEvent({ ...subject, ...e }, at());
      n++;
    }
  }
}
