/** The production store: PostgreSQL through a `pg` pool, plus one dedicated connection for LISTEN. */
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import type { Logger } from "pino";
import { MIGRATION_LOCK_KEY, MIGRATIONS_DIR } from "./migrations.js";
import { pgTransaction } from "./postgres-transaction.js";
import { schema } from "./schema.js";
import type { Db, Store } from "./types.js";

export interface PostgresStoreOptions {
  url: string;
  maxConnections: number;
  log: Logger;
  /** Apply pending migrations first (under the advisory lock). */
  migrate: boolean;
}

export async function openPostgresStore(opts: PostgresStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.maxConnections });
  // An idle client that loses its connection emits here; without a listener it would crash the process.
  pool.on("error", (err) => opts.log.warn({ err: err.message }, "idle database connection failed"));
  try {
    if (opts.migrate) await migrateLocked(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const db = drizzle(pool, { schema }) as unknown as Db;
  const listener = new Listener(opts.url, opts.log);
  return {
    kind: "postgres",
    db,
    transaction: (fn) => pgTransaction(pool, fn),
    listen: (channel, onNotify) => listener.subscribe(channel, onNotify),
    notify: async (channel, payload) => {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`);
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      await listener.close();
      await pool.end();
    },
  };
}

async function migrateLocked(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

type Handler = (payload: string) => void;

/** One connection that LISTENs on every subscribed channel and reconnects (re-listening) when it drops. */
class Listener {
  readonly #handlers = new Map<string, Set<Handler>>();
  #client: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  #closed = false;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  async subscribe(channel: string, handler: Handler): Promise<() => Promise<void>> {
    let set = this.#handlers.get(channel);
    if (!set) {
      set = new Set();
      this.#handlers.set(channel, set);
      const client = await this.#connection();
      await client.query(`listen ${quoteIdent(channel)}`);
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
      if (set.size === 0 && this.#handlers.get(channel) === set) {
        this.#handlers.delete(channel);
        await this.#client?.query(`unlisten ${quoteIdent(channel)}`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  #connection(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url });
    client.on("notification", (n) => {
      for (const h of this.#handlers.get(n.channel) ?? []) h(n.payload ?? "");
    });
    client.on("error", (err) => {
      this.log.warn({ err: err.message }, "LISTEN connection failed; reconnecting");
      if (this.#client === client) this.#client = undefined;
      client.end().catch(() => undefined);
      this.#reconnect(1);
    });
    await client.connect();
    if (this.#closed) {
      await client.end();
      throw new Error("the store is closed");
    }
    for (const channel of this.#handlers.keys()) await client.query(`listen ${quoteIdent(channel)}`);
    this.#client = client;
    return client;
  }

  #reconnect(attempt: number): void {
    if (this.#closed || this.#handlers.size === 0) return;
    const delay = Math.min(30_000, 250 * 2 ** attempt);
    setTimeout(() => {
      if (this.#closed || this.#client) return;
      this.#connection().catch(() => this.#reconnect(attempt + 1));
    }, delay).unref();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
