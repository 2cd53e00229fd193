import { resolve } from "node:path";

/** Where the store lives, from `database.url` (spec 07): PostgreSQL, or PGlite on disk or in memory. */
export type DatabaseLocation =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string }
  | { kind: "pglite"; dataDir: undefined };

export const DEFAULT_DATA_DIR = "./jitsudo-data";

export function parseDatabaseUrl(
  url: string | undefined,
  defaultDataDir = DEFAULT_DATA_DIR,
): DatabaseLocation {
  if (url === undefined || url === "") return { kind: "pglite", dataDir: resolve(defaultDataDir) };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  if (url === "pglite://memory") return { kind: "pglite", dataDir: undefined };
  if (url.startsWith("pglite://")) {
    const path = url.slice("pglite://".length);
    if (path === "")
      throw new Error("database.url: pglite:// needs a directory, e.g. pglite:///var/lib/jitsudo");
    return { kind: "pglite", dataDir: resolve(path) };
  }
  throw new Error("database.url: must start with postgres://, postgresql:// or pglite://");
}
