/**
 * A statement as one self-contained text, its parameters written in as SQL literals, for the
 * simple query protocol (several statements in one message, which takes no parameters).
 * Strings are quoted the way PostgreSQL reads them whatever `standard_conforming_strings` says:
 * with a backslash in them, as an E'' string with backslashes doubled. Parameters are recognised
 * as `$n` in the text, which is how drizzle writes them; a statement must not contain `$n` otherwise.
 */
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

const dialect = new PgDialect();

export function inlineStatement(statement: SQL): string {
  const { sql, params } = dialect.sqlToQuery(statement);
  return inlineParams(sql, params);
}

/**
 * `text` with its `$n` parameters replaced by `params[n - 1]` as literals. A statement without
 * parameters is left as it is, so text already inlined (or a literal that reads `$1`) is not
 * read a second time.
 */
export function inlineParams(text: string, params: readonly unknown[]): string {
  if (params.length === 0) return text;
  return text.replace(/\$(\d+)/g, (_, n: string) => sqlLiteral(params[Number(n) - 1], n));
}

function sqlLiteral(value: unknown, n: string): string {
  if (value === null || value === undefined) return "NULL";
  switch (typeof value) {
    case "string":
      return quote(value);
    case "boolean":
      return value ? "TRUE" : "FALSE";
    case "bigint":
      return value.toString();
    case "number":
      if (Number.isFinite(value)) return String(value);
      break;
    case "object":
      if (value instanceof Date) return quote(value.toISOString());
  }
  throw new Error(`statement parameter $${n} cannot be written as a literal`);
}

function quote(text: string): string {
  // PostgreSQL text cannot hold NUL, and in a simple-protocol message it would end the statement early.
  if (text.includes("\0")) throw new Error("text with a NUL character cannot be stored");
  const quoted = `'${text.replaceAll("'", "''")}'`;
  return text.includes("\\") ? `E${quoted.replaceAll("\\", "\\\\")}` : quoted;
}
