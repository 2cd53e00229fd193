// Writes a long audit chain fast: synthetic request lifecycles appended through the product's own
// path (appendAuditEvent in store.transaction, chained by the database function as each batch
// commits), 10,000 events per transaction. The rows are the ones the server writes.
import pino from "pino";
import { ulid } from "ulid";
import { appendAuditEvent } from "../../packages/server/dist/audit/index.js";
import { openStore } from "../../packages/server/dist/store/index.js";

export const ACTORS = 1000;
const BATCH = 10_000;

export const actor = (i) => `engineer${i}@example.com`;

/** The store of `database` (from benchDatabase), migrated: the server's own migrations. */
function open(database) {
  const location =
    database.kind === "postgres"
      ? { kind: "postgres", url: database.url }
      : { kind: "pglite", dataDir: database.dataDir };
  return openStore({ location, log: pino({ level: "silent" }) });
}

/** A migrated, empty database of `database`. */
export async function migrate(database) {
  await (await open(database)).close();
}

/**
 * Appends `count` events after the current head, with timestamps spread evenly over the `spanMs`
 * before now. Resolves to `{ requestIds, seconds }`, the ids in chain order.
 */
export async function loadChain(database, count, spanMs) {
  const store = await open(database);
  const started = performance.now();
  const requestIds = [];
  try {
    for (const batch of batches(count, spanMs, requestIds)) {
      await store.transaction(async (tx) => {
        for (const { event, at } of batch) await appendAuditEvent(tx, event, at);
      });
    }
    // What autovacuum and the checkpointer would have done by the time a log is this long (else
    // they work through the new rows while the queries are timed); PGlite never analyzes.
    if (database.kind === "postgres") {
      await store.db.execute("vacuum (analyze) audit_events");
      // Needs a superuser or pg_checkpoint: on another database, go on and say so.
      await store.db.execute("checkpoint").catch((err) => {
        console.warn(`audit: no CHECKPOINT after the load (${err.message}); queries may be timed during one`);
      });
    }
  } finally {
    await store.close();
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
      yield { event: { ...subject, ...e }, at: at() };
      n++;
    }
  }
}
