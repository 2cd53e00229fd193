/**
 * Statements a transaction defers to its end. Registered on a transaction opened by
 * `Store.transaction`, they run last, in order, inside the transaction, all in one message with
 * the COMMIT on PostgreSQL (one call on PGlite): a lock they take is held for no client round
 * trip (nor for this process's event loop to get round to sending COMMIT), and writes whose
 * results nobody reads cost no round trip of their own. One that fails rolls everything back.
 *
 * Deferring a write means the transaction does not see it: defer only writes the transaction does
 * not read back, and never mix deferred and immediate writes of the same rows.
 */
import type { SQLWrapper } from "drizzle-orm";
import type { RenderedStatement } from "./compiled.js";
import { inlineParams, inlineStatement } from "./inline.js";
import type { Tx } from "./types.js";

/** A statement (a compiled one, see compiled.ts), or a function building it at commit time. */
export type DeferredStatement = SQLWrapper | RenderedStatement | (() => SQLWrapper);

const pending = new WeakMap<Tx, DeferredStatement[]>();

/**
 * Runs `fn` in `tx` and returns the statements it deferred as self-contained text (parameters
 * inlined), for one simple-protocol message. For the drivers' `transaction`.
 */
export async function runDeferring<T>(
  tx: Tx,
  fn: (tx: Tx) => Promise<T>,
): Promise<{ result: T; last: string[] }> {
  const deferred: DeferredStatement[] = [];
  pending.set(tx, deferred);
  try {
    const result = await fn(tx);
    return { result, last: deferred.map(statementText) };
  } finally {
    pending.delete(tx);
  }
}

function statementText(s: DeferredStatement): string {
  if (typeof s === "function") return inlineStatement(s().getSQL());
  if ("text" in s) return inlineParams(s.text, s.params);
  return inlineStatement(s.getSQL());
}

/** Runs `statement` as `tx` commits. Throws outside `Store.transaction`, where nothing would run it. */
export function atCommit(tx: Tx, statement: DeferredStatement): void {
  const deferred = pending.get(tx);
  if (!deferred) throw new Error("atCommit() needs a transaction opened by store.transaction()");
  deferred.push(statement);
}
