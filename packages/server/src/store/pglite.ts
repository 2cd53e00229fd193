/**
 * The embedded store: PGlite (PostgreSQL compiled to WebAssembly) inside this process, on disk
 * or in memory. One process per data directory, enforced by a lock file.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { PGlite, type QueryOptions, type Results, type Transaction } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle, PgliteSession, PgliteTransaction } from "drizzle-orm/pglite";
import { PgDialect } from "drizzle-orm/pg-core";
import { migrate } from "drizzle-orm/pglite/migrator";
import { runDeferring } from "./commit-hooks.js";
import { inlineParams } from "./inline.js";
import { lockDataDir } from "./datadir-lock.js";
import { initDataDirApart } from "./pglite-initdb.js";
import { MIGRATIONS_DIR } from "./migrations.js";
import { schema } from "./schema.js";
import type { Db, Store, Tx } from "./types.js";

const dialect = new PgDialect();

export interface PgliteStoreOptions {
  /** undefined: in memory. */
  dataDir: string | undefined;
  migrate: boolean;
  /** Start from this dump (`PGlite.dumpDataDir`) instead of an empty database: tests use a migrated one. */
  snapshot?: Blob;
}

/**
 * PostgreSQL's shared memory lives in PGlite's WebAssembly memory, which never shrinks; the data
 * files are read through the OS, whose page cache holds them anyway. So the buffer pool is small
 * (the default 128 MB took idle RSS to 352 MB; 16 → 8 MB is another −8 MB, with the same flows/s
 * and audit query and verification times in alternating runs), and there are four backend slots,
 * not a hundred, for PGlite's one connection (−2 MB of lock and process tables). PGlite applies
 * these at every start, so they hold for directories made with other values too.
 */
const POSTGRESQL_CONF = "shared_buffers = 8MB\nmax_connections = 4";

export async function openPgliteStore(opts: PgliteStoreOptions): Promise<Store> {
  const unlock = opts.dataDir === undefined ? () => {} : lockDataDir(opts.dataDir);
  let client: PGlite;
  try {
    if (opts.dataDir !== undefined && opts.snapshot === undefined)
      await initDataDirApart(opts.dataDir, POSTGRESQL_CONF, opts.migrate ? MIGRATIONS_DIR : undefined);
    client = await PGlite.create({
      dataDir: opts.dataDir,
      loadDataDir: opts.snapshot,
      postgresqlconf: POSTGRESQL_CONF,
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const inTransaction = new AsyncLocalStorage<true>();
  const guarded = guardAgainstNesting(client, inTransaction);
  const db = drizzle(guarded, { schema }) as unknown as Db;
  try {
    if (opts.migrate) await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
  } catch (err) {
    await client.close();
    unlock();
    throw err;
  }
  return {
    kind: "pglite",
    db,
    transaction: (fn) =>
      guarded.transaction((connection) =>
        inTransaction.run(true, async () => {
          const session = new PgliteSession(
            { ...connection, query: simpleQuery(connection) },
            dialect,
            undefined,
          );
          const tx = new PgliteTransaction(dialect, session, undefined) as unknown as Tx;
          const { result, last } = await runDeferring(tx, fn);
          if (last.length > 0) await connection.exec(last.join(";\n"));
          return result;
        }),
      ),
    listen: async (channel, onNotify) => {
      const unsubscribe = await client.listen(channel, onNotify);
      return () => unsubscribe();
    },
    notify: async (channel, payload) => {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`);
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      await client.close();
      unlock();
    },
  };
}

type Querier = Pick<Transaction, "query" | "exec">;

/**
 * `query` through the simple protocol (`exec`) with the parameters inlined: PGlite runs a
 * statement of the extended protocol as five or six calls into its WebAssembly instance (parse,
 * describe, bind, describe, execute, sync), a simple one as two. Values without a literal form
 * (none the store writes today) keep the extended protocol.
 */
function simpleQuery(db: Querier): Transaction["query"] {
  return async <T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> => {
    let inlined: string;
    try {
      inlined = inlineParams(text, params ?? []);
    } catch {
      return db.query<T>(text, params, options);
    }
    const results = await db.exec(inlined, options);
    return results[results.length - 1] as Results<T>;
  };
}

/**
 * The client `store.db` uses: its queries go through the simple protocol too, and since PGlite is
 * a single connection, a query on it from inside a transaction's callback would wait for that
 * transaction forever. Such a query is a bug (it must use the transaction); fail it at once.
 */
function guardAgainstNesting(client: PGlite, inTransaction: AsyncLocalStorage<true>): PGlite {
  const check = () => {
    if (inTransaction.getStore()) {
      throw new Error("store.db was used inside store.transaction(); use the transaction's tx instead");
    }
  };
  const query = simpleQuery(client);
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = prop === "query" ? query : Reflect.get(target, prop, receiver);
      if (prop === "query" || prop === "exec" || prop === "transaction") {
        return (...args: unknown[]) => {
          check();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
