import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { schema } from "./schema.js";

export type Schema = typeof schema;
/** A database handle: the pool (or PGlite instance) itself, or a transaction. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type StoreKind = "postgres" | "pglite";

export interface Store {
  readonly kind: StoreKind;
  /** Queries outside a transaction. Inside `transaction`, use its `tx`: on PGlite the two never interleave. */
  readonly db: Db;
  /** Runs `fn` in a transaction, then the statements it deferred with `atCommit`, then commits. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Subscribes to NOTIFY on `channel`; the returned function unsubscribes. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
