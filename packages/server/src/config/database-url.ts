/**
 * `database.url`: `postgres://…` / `postgresql://…` (a PostgreSQL server), `pglite://memory`
 * (embedded, in memory) or `pglite://<dir>` (embedded, stored in a directory: `pglite:///var/lib/jitsudo`
 * is absolute, `pglite://./jitsudo-data` relative to the working directory).
 */
import { fail, ok, type Parsed } from "./parsed.js";

export type DatabaseTarget =
  | { readonly driver: "postgres"; readonly url: string }
  | { readonly driver: "pglite"; readonly dataDir: string | undefined };

const PGLITE = "pglite://";
const PGLITE_IN_MEMORY = "pglite://memory";
const FORMS = "postgres://user:password@host:5432/database, pglite:///path/to/dir or pglite://memory";

export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

/** Never quotes the URL in its reasons: a PostgreSQL URL may carry a password. */
export function parseDatabaseUrl(text: string): Parsed<DatabaseTarget> {
  if (isPostgresUrl(text)) {
    return URL.canParse(text)
      ? ok({ driver: "postgres", url: text })
      : fail(`is not a valid PostgreSQL URL; expected ${FORMS}`);
  }
  if (text === PGLITE_IN_MEMORY) return ok({ driver: "pglite", dataDir: undefined });
  if (text.startsWith(PGLITE)) {
    const dataDir = text.slice(PGLITE.length);
    return dataDir === ""
      ? fail("names no directory; write pglite:///path/to/dir or pglite://memory")
      : ok({ driver: "pglite", dataDir });
  }
  return fail(`must start with postgres://, postgresql:// or pglite://; expected ${FORMS}`);
}
