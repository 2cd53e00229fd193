/**
 * Test stores: embedded PGlite in memory, or a real PostgreSQL database created for one store
 * and dropped when it closes (JITSUDO_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import pino from "pino";
import { MIGRATIONS_DIR, openStore, type Store, type StoreKind } from "../../src/store/index.js";

export type { StoreKind };

export const TEST_DATABASE_URL =
  process.env.JITSUDO_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await postgresReachable();
if (unreachable !== undefined) {
  if (process.env.CI) {
    throw new Error(
      `CI needs PostgreSQL at ${TEST_DATABASE_URL} (JITSUDO_TEST_DATABASE_URL): ${unreachable}`,
    );
  }
  console.warn(
    `\n*** PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${unreachable}): ` +
      "the PostgreSQL half of the store suites is SKIPPED. Set JITSUDO_TEST_DATABASE_URL. ***\n",
  );
}

/** The store kinds to run a suite on: both, unless PostgreSQL is absent outside CI (warned above). */
export const STORE_KINDS: StoreKind[] = unreachable === undefined ? ["pglite", "postgres"] : ["pglite"];

/** A URL for a new, empty PostgreSQL database, and how to drop it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `jitsudo_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

let migratedPglite: Promise<Blob> | undefined;

/** A dump of a freshly migrated PGlite database, made once per test process: loading it is faster than migrating. */
function migratedPgliteSnapshot(): Promise<Blob> {
  migratedPglite ??= (async () => {
    const client = await PGlite.create();
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
    const dump = await client.dumpDataDir("none");
    await client.close();
    return dump;
  })();
  return migratedPglite;
}

export async function createTestStore(opts: { kind: StoreKind; maxConnections?: number }): Promise<Store> {
  const log = pino({ level: "silent" });
  if (opts.kind === "pglite") {
    return openStore({
      location: { kind: "pglite", dataDir: undefined },
      log,
      pgliteSnapshot: await migratedPgliteSnapshot(),
    });
  }
  const database = await createTestDatabase();
  const store = await openStore({
    location: { kind: "postgres", url: database.url },
    maxConnections: opts.maxConnections ?? 10,
    log,
  });
  return {
    ...store,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}
