/**
 * Transactions on the `pg` pool, with the deferred statements (`atCommit`) sent in one message
 * with the COMMIT: PostgreSQL runs them and commits without waiting for this process, so a lock
 * they take (the audit chain head) is held only while the server executes and flushes the commit.
 */
import { NodePgSession, NodePgTransaction } from "drizzle-orm/node-postgres";
import { PgDialect } from "drizzle-orm/pg-core";
import type pg from "pg";
import { runDeferring } from "./commit-hooks.js";
import { inlineStatement } from "./inline.js";
import type { Tx } from "./types.js";

const dialect = new PgDialect();

export async function pgTransaction<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
  // A connection whose ROLLBACK failed is in an unknown state: it leaves the pool.
  let broken: Error | undefined;
  try {
    const tx = new NodePgTransaction(dialect, new NodePgSession(client, dialect, undefined), undefined);
    const { result, last } = await runDeferring(tx as unknown as Tx, fn);
    await client.query([...last.map(inlineStatement), "commit"].join(";\n"));
    return result;
  } catch (err) {
    await client.query("rollback").catch((rollbackErr: Error) => {
      broken = rollbackErr;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
