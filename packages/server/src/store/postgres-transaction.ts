/**
 * Transactions on the `pg` pool in as few messages as the work allows: BEGIN goes out with the
 * transaction's first statement, and the deferred statements (`atCommit`) with the COMMIT, so
 * PostgreSQL runs them and commits without waiting for this process. A lock they take (the audit
 * chain head) is then held only while the server executes and flushes the commit. Each merged
 * message uses the simple query protocol, which takes no parameters: they are inlined
 * (store/inline.ts).
 */
import { NodePgSession, NodePgTransaction } from "drizzle-orm/node-postgres";
import { PgDialect } from "drizzle-orm/pg-core";
import type pg from "pg";
import { runDeferring } from "./commit-hooks.js";
import { inlineParams } from "./inline.js";
import type { Tx } from "./types.js";

const dialect = new PgDialect();

export async function pgTransaction<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const connection = new TransactionConnection(await pool.connect());
  // A connection whose ROLLBACK failed is in an unknown state: it leaves the pool.
  let broken: Error | undefined;
  try {
    const session = new NodePgSession(connection as unknown as pg.PoolClient, dialect, undefined);
    const tx = new NodePgTransaction(dialect, session, undefined);
    const { result, last } = await runDeferring(tx as unknown as Tx, fn);
    await connection.commit(last);
    return result;
  } catch (err) {
    await connection.rollback().catch((rollbackErr: Error) => {
      broken = rollbackErr;
    });
    throw err;
  } finally {
    connection.client.release(broken);
  }
}

/** The connection a transaction's statements go through (drizzle's `client`). */
class TransactionConnection {
  #begun = false;

  constructor(readonly client: pg.PoolClient) {}

  async query(config: pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    if (this.#begun) return this.client.query(config, values);
    this.#begun = true;
    const first = config.name === undefined ? inlinedOrUndefined(config.text, values ?? []) : undefined;
    if (first === undefined) {
      await this.client.query("begin");
      return this.client.query(config, values);
    }
    const [, result] = (await this.client.query({ ...config, text: `begin;\n${first}` })) as unknown as [
      pg.QueryResult,
      pg.QueryResult,
    ];
    return result;
  }

  async commit(last: string[]): Promise<void> {
    if (!this.#begun && last.length === 0) return;
    const begin = this.#begun ? [] : ["begin"];
    this.#begun = true;
    await this.client.query([...begin, ...last, "commit"].join(";\n"));
  }

  async rollback(): Promise<void> {
    if (this.#begun) await this.client.query("rollback");
  }
}

/** Values without a literal form (none the store writes today) go with the extended protocol instead. */
function inlinedOrUndefined(text: string, values: readonly unknown[]): string | undefined {
  try {
    return inlineParams(text, values);
  } catch {
    return undefined;
  }
}
