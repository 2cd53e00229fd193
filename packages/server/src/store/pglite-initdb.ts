/**
 * Creating a PGlite database runs PostgreSQL's initdb inside the WebAssembly instance, whose
 * memory grows to ~500 MB doing it and never shrinks: a server that initialised its own data
 * directory would idle at ~700 MB instead of ~230 MB. So a new data directory is initialised by
 * a short-lived child process (a worker thread gives only part of that memory back when it
 * exits), which also applies the migrations (their DDL grows that memory by another ~6 MB); the
 * server then opens the directory like any existing one. An in-memory database
 * (`jitsudod dev --in-memory`, ~690 MB) still runs initdb in the server: handing it over as a dump
 * halves that but takes its start past 5 s, and a quick start is what that mode is for.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * The child's program. It loads PGlite and drizzle's migrator by path, so it runs from any working
 * directory; an empty migrations folder argument means none are applied.
 */
const INITDB = `
const [pglite, driver, migrator, dataDir, conf, migrationsFolder] = process.argv.slice(1);
(async () => {
  const db = await require(pglite).PGlite.create({ dataDir, postgresqlconf: conf });
  try {
    if (migrationsFolder) await require(migrator).migrate(require(driver).drizzle(db), { migrationsFolder });
  } finally {
    await db.close();
  }
})().catch((err) => {
  // drizzle's "Failed query" keeps PostgreSQL's own message in its cause.
  const cause = err?.cause?.message;
  process.stderr.write(String(err?.message ?? err).trim() + (cause ? " — " + cause : ""));
  process.exitCode = 1;
});
`;

/**
 * Initialises `dataDir` in a child process unless it already holds a database, and applies the
 * migrations in `migrationsFolder` there when one is given.
 */
export async function initDataDirApart(
  dataDir: string,
  conf: string,
  migrationsFolder?: string,
): Promise<void> {
  if (existsSync(join(dataDir, "PG_VERSION"))) return;
  const { resolve: modulePath } = createRequire(import.meta.url);
  const modules = [
    modulePath("@electric-sql/pglite"),
    modulePath("drizzle-orm/pglite"),
    modulePath("drizzle-orm/pglite/migrator"),
  ];
  const args = ["-e", INITDB, ...modules, dataDir, conf, migrationsFolder ?? ""];
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0)
    throw new Error(`could not initialise the database in ${dataDir}: ${stderr.trim() || `exit ${code}`}`);
}
