/**
 * Statements a transaction defers to its end. Registered on a transaction opened by
 * `Store.transaction`, each is built once the transaction's callback has returned and runs last,
 * in order, inside the transaction. On PostgreSQL they travel in one message with the COMMIT, so
 * a lock they take is held for no client round trip (nor for this process's event loop to get
 * round to sending COMMIT); one that fails rolls everything back.
 */
import type { SQL } from "drizzle-orm";
import type { Tx } from "./types.js";

/** Builds the statement at commit time. On PostgreSQL its parameters must be strings. */
export type DeferredStatement = () => SQL;

const pending = new WeakMap<Tx, DeferredStatement[]>();

/** Runs `fn` in `tx` and returns the statements it deferred. For the drivers' `transaction`. */
export async function runDeferring<T>(
  tx: Tx,
  fn: (tx: Tx) => Promise<T>,
): Promise<{ result: T; last: SQL[] }> {
  const deferred: DeferredStatement[] = [];
  pending.set(tx, deferred);
  try {
    const result = await fn(tx);
    return { result, last: deferred.map((build) => build()) };
  } finally {
    pending.delete(tx);
  }
}

/** Runs `statement` as `tx` commits. Throws outside `Store.transaction`, where nothing would run it. */
export function atCommit(tx: Tx, statement: DeferredStatement): void {
  const deferred = pending.get(tx);
  if (!deferred) throw new Error("atCommit() needs a transaction opened by store.transaction()");
  deferred.push(statement);
}
