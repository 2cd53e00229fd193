// The built `jitsudod serve` binary as a subprocess on a database of the benchmark's own (a fresh
// PostgreSQL database or a PGlite data directory), configured through a file as an operator would.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./idp.mjs";
import { JsonClient } from "./http.mjs";
import { createDatabase } from "./postgres.mjs";
import { memoryOf, resetPeak } from "./proc.mjs";

export const JITSUDOD_BIN = fileURLToPath(
  new URL("../../packages/server/dist/bin/jitsudod.js", import.meta.url),
);

/** A database for `kind` ("pglite" or "postgres"): its `database.url` and `drop()`. */
export async function benchDatabase(kind) {
  if (kind === "postgres") {
    const db = await createDatabase();
    return { kind, url: db.url, drop: db.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), "jitsudo-bench-pglite-"));
  return {
    kind,
    url: `pglite://${dir}`,
    dataDir: dir,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Starts `jitsudod serve` and resolves once `/readyz` answers 200. `config` is merged over the
 * defaults (YAML tree form); logs go to a file whose tail is shown if the server fails.
 */
export async function startJitsudod({ database, issuer, config = {} }) {
  const dir = mkdtempSync(join(tmpdir(), "jitsudo-bench-"));
  const port = await freePort();
  const tree = {
    ...config,
    server: { http_addr: `127.0.0.1:${port}` },
    database: { url: database.url, ...config.database },
    auth: { oidc_issuer: issuer },
    security: { encryption_key: ENCRYPTION_KEY },
    providers: { mock: {}, ...config.providers },
    log: { level: "info", ...config.log },
  };
  const configFile = join(dir, "jitsudod.yaml");
  writeFileSync(configFile, JSON.stringify(tree, null, 2)); // JSON is YAML
  const logFile = join(dir, "jitsudod.log");
  const out = openSync(logFile, "a");
  const started = performance.now();
  // e.g. JITSUDO_BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server
  const nodeArgs = process.env.JITSUDO_BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, JITSUDOD_BIN, "serve", "--config", configFile], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ["ignore", out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  const logTail = () => readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n");
  const exited = new Promise((resolve) => child.once("exit", resolve));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jitsudod exited with ${child.exitCode}:\n${logTail()}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (performance.now() - started > 60_000) {
      child.kill("SIGKILL");
      throw new Error(`jitsudod was not ready within 60 s:\n${logTail()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url,
    pid: child.pid,
    readyAfterMs: performance.now() - started,
    client: new JsonClient(url),
    memory: () => memoryOf(child.pid),
    resetPeak: () => resetPeak(child.pid),
    logTail,
    /** Graceful stop (SIGTERM); removes the config and log unless JITSUDO_BENCH_KEEP_LOGS is set. */
    async stop() {
      this.client.close();
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      if (!process.env.JITSUDO_BENCH_KEEP_LOGS) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const ENCRYPTION_KEY = randomBytes(32).toString("base64");
