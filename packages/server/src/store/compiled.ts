/**
 * Statements built once and filled for each call. Drizzle assembles a statement from its query
 * builder on every execution, which for the wide rows of the request flow cost more of the
 * server's CPU than anything else; a compiled statement keeps the text and the parameter slots
 * (drizzle placeholders) from its first use, and each call only maps values into the slots,
 * through the columns' own encoders.
 */
import { getTableColumns, is, Param, Placeholder, type SQLWrapper, sql, type Table } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { inlineParams } from "./inline.js";
import { sqlRows } from "./rows.js";
import type { Db, Tx } from "./types.js";

const dialect = new PgDialect();

/** A statement's text (parameters as `$n`) and its values. */
export interface RenderedStatement {
  readonly text: string;
  readonly params: readonly unknown[];
}

/**
 * `build` makes the statement with `sql.placeholder(name)` where values go (any transaction
 * serves to build it: the text does not depend on it). The result fills it from named values;
 * null stays NULL (drizzle's own placeholder filling would hand it to the column's encoder).
 */
export function compileStatement<V extends object>(
  build: (tx: Tx) => SQLWrapper,
): (tx: Tx, values: V) => RenderedStatement {
  let compiled: { text: string; slots: Slot[] } | undefined;
  return (tx, values) => {
    if (!compiled) {
      const { sql, params } = dialect.sqlToQuery(build(tx).getSQL());
      compiled = { text: sql, slots: params.map(slotOf) };
    }
    const named = values as Record<string, unknown>;
    return { text: compiled.text, params: compiled.slots.map((fill) => fill(named)) };
  };
}

/**
 * A compiled query that answers whole rows of `table` (a select of all its columns, or an insert
 * or update returning them), decoded by the columns' own decoders as drizzle's builder would.
 * `build` is as for {@link compileStatement}; the statement runs on `db` or a transaction.
 */
export function compileRowsQuery<V extends object, T extends Table>(
  table: T,
  build: (tx: Tx) => SQLWrapper,
): (db: Db | Tx, values: V) => Promise<T["$inferSelect"][]> {
  const statement = compileStatement<V>(build);
  const columns = Object.entries(getTableColumns(table));
  return async (db, values) => {
    const { text, params } = statement(db as Tx, values);
    const rows = await sqlRows<Record<string, unknown>>(db, sql.raw(inlineParams(text, params)));
    return rows.map((row) => {
      const decoded: Record<string, unknown> = {};
      for (const [key, column] of columns) {
        const value = row[column.name];
        decoded[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
      }
      return decoded as T["$inferSelect"];
    });
  };
}

/** A placeholder named after each of `table`'s columns, for an insert of whole rows. */
export function placeholders<T extends Table>(table: T): Record<keyof T["_"]["columns"], Placeholder> {
  const columns = Object.keys(getTableColumns(table));
  return Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)])) as Record<
    keyof T["_"]["columns"],
    Placeholder
  >;
}

type Slot = (values: Record<string, unknown>) => unknown;

function slotOf(param: unknown): Slot {
  if (is(param, Placeholder)) return (values) => namedValue(values, param.name);
  if (is(param, Param) && is(param.value, Placeholder)) {
    const { name } = param.value;
    const { encoder } = param;
    return (values) => {
      const value = namedValue(values, name);
      return value === null ? null : encoder.mapToDriverValue(value);
    };
  }
  return () => param;
}

function namedValue(values: Record<string, unknown>, name: string): unknown {
  const value = values[name];
  if (value === undefined) throw new Error(`compiled statement: no value for "${name}"`);
  return value;
}
