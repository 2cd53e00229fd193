// The floors of the request and audit benchmarks, with as many concurrent clients as the load:
// bare single-row INSERT transactions (each its own commit), and single-event transactions
// through the product's audit append path (every one takes the chain head, so they serialize).
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import pino from "pino";
import { appendAuditEvent } from "../../packages/server/dist/audit/index.js";
import { openStore } from "../../packages/server/dist/store/index.js";
import { closedLoop } from "./load.mjs";

const TABLE =
  "create table if not exists bench_floor (id bigint primary key, at timestamptz not null, payload text not null)";
const INSERT = "insert into bench_floor (id, at, payload) values ($1, now(), $2)";

/** Opens a connection pool of `size` on PostgreSQL at `url`, or a PGlite in `dataDir`. */
export async function openFloor(database, size) {
  if (database.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: database.url, max: size });
    await pool.query(TABLE);
    return { query: (sql, params) => pool.query(sql, params), close: () => pool.end() };
  }
  const db = await PGlite.create(database.dataDir);
  await db.query(TABLE);
  return { query: (sql, params) => db.query(sql, params), close: () => db.close() };
}

let nextId = 0;

/** Closed-loop bare commits with `clients` clients; the same result shape as `closedLoop`. */
export async function measureFloor(database, clients, timing) {
  const floor = await openFloor(database, clients);
  try {
    return await closedLoop({
      clients,
      ...timing,
      flow: () => floor.query(INSERT, [++nextId, "bench floor row"]),
    });
  } finally {
    await floor.close();
  }
}

/** Closed-loop one-event transactions through appendAuditEvent on `database` (migrated on open). */
export async function measureChainAppends(database, clients, timing) {
  const location =
    database.kind === "postgres"
      ? { kind: "postgres", url: database.url }
      : { kind: "pglite", dataDir: database.dataDir };
  const store = await openStore({ location, maxConnections: clients, log: pino({ level: "silent" }) });
  try {
    return await closedLoop({
      clients,
      ...timing,
      flow: (c) =>
        store.transaction((tx) =>
          appendAuditEvent(tx, {
            actor: `writer${c}@example.com`,
            action: "request.created",
            requestId: `req_bench_writer_${c}`,
            provider: "mock",
            resourceScope: "sandbox",
            details: { provider: "mock", role: "read-only", resource_scope: "sandbox", reason: "bench" },
          }),
        ),
    });
  } finally {
    await store.close();
  }
}
