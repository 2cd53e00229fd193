import type { Logger } from "pino";
import { openPgliteStore } from "./pglite.js";
import { openPostgresStore } from "./postgres.js";
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

export function openStore(opts: OpenStoreOptions): Promise<Store> {
  const migrate = opts.migrate ?? true;
  return opts.location.kind === "postgres"
    ? openPostgresStore({
        url: opts.location.url,
        maxConnections: opts.maxConnections ?? 10,
        log: opts.log,
        migrate,
      })
    : openPgliteStore({ dataDir: opts.location.dataDir, migrate, snapshot: opts.pgliteSnapshot });
}
