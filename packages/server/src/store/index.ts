import type { Logger } from "pino";
import type { Store } from "./types.js";
import type { DatabaseLocation } from "./url.js";

export { atCommit } from "./commit-hooks.js";
export { compileRowsQuery, compileStatement, placeholders, type RenderedStatement } from "./compiled.js";
export { DataDirLockedError } from "./datadir-lock.js";
export { MIGRATIONS_DIR } from "./migrations.js";
export { sqlRows } from "./rows.js";
export type { Db, Store, StoreKind, Tx } from "./types.js";
export { DEFAULT_DATA_DIR, type DatabaseLocation, parseDatabaseUrl } from "./url.js";

export interface OpenStoreOptions {
  location: DatabaseLocation;
  maxConnections?: number;
  log: Logger;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** PGlite only: start from a dump of another database (see openPgliteStore). */
  pgliteSnapshot?: Blob;
}

/** Each driver is loaded only when its store is opened. */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const migrate = opts.migrate ?? true;
  if (opts.location.kind === "postgres") {
    const { openPostgresStore } = await import("./postgres.js");
    return openPostgresStore({
      url: opts.location.url,
      maxConnections: opts.maxConnections ?? 10,
      log: opts.log,
      migrate,
    });
  }
  const { openPgliteStore } = await import("./pglite.js");
  return openPgliteStore({ dataDir: opts.location.dataDir, migrate, snapshot: opts.pgliteSnapshot });
}
