/**
 * Creating a PGlite database runs PostgreSQL's initdb inside the WebAssembly instance, whose
 * memory grows to ~500 MB doing it and never shrinks: a server that initialised its own data
 * directory would idle at ~700 MB instead of ~230 MB. So a new data directory is initialised by
 * a short-lived child process (a worker thread gives only part of that memory back when it
 * exits); the server then opens the directory like any existing one. An in-memory database
 * (`jitsudod dev --in-memory`, ~690 MB) still runs initdb in the server: handing it over as a dump
 * halves that but takes its start past 5 s, and a quick start is what that mode is for.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** The child's program. It loads PGlite by path, so it runs from any working directory. */
const INITDB = `
const [pglite, dataDir, conf] = process.argv.slice(1);
require(pglite).PGlite.create({ dataDir, postgresqlconf: conf }).then(
  (db) => db.close(),
  (err) => {
    process.stderr.write(String(err?.message ?? err));
    process.exitCode = 1;
  },
);
`;

/** Initialises `dataDir` in a child process unless it already holds a database. */
export async function initDataDirApart(dataDir: string, conf: string): Promise<void> {
  if (existsSync(join(dataDir, "PG_VERSION"))) return;
  const pglite = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const child = spawn(process.execPath, ["-e", INITDB, pglite, dataDir, conf], {
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
