/**
 * Runs the built `jitsudod` binary (npm test builds first) as a subprocess, the way users start
 * it, and gives tests its URL, its output and dev-mode tokens.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const JITSUDOD_BIN = `${REPO_ROOT}packages/server/dist/bin/jitsudod.js`;

import { freePort } from "../../../packages/server/test/support/net.js";

export { freePort };

export interface RunningJitsudod {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything written so far to stdout and stderr. */
  stdout(): string;
  stderr(): string;
  /** Milliseconds from spawn until `/readyz` answered 200. */
  readonly readyAfterMs: number;
  token(email: string): Promise<string>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function spawnJitsudod(
  args: string[],
  env: Record<string, string> = {},
  cwd = REPO_ROOT,
): ChildProcess {
  if (!existsSync(JITSUDOD_BIN)) throw new Error(`${JITSUDOD_BIN} is missing: run npm run build first`);
  return spawn(process.execPath, [JITSUDOD_BIN, ...args], {
    cwd,
    env: { ...process.env, JITSUDOD_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** `jitsudod dev` on a free port, in memory unless `args` say otherwise; resolves when ready. */
export async function startJitsudodDev(
  args: string[] = ["--in-memory"],
  timeoutMs = 20_000,
): Promise<RunningJitsudod> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnJitsudod(["dev", "--port", String(port), ...args]);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const url = `http://localhost:${port}`;
  const deadline = started + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jitsudod dev exited with ${child.exitCode}: ${err}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (performance.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`jitsudod dev was not ready within ${timeoutMs} ms: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const readyAfterMs = performance.now() - started;
  return {
    url,
    process: child,
    stdout: () => out,
    stderr: () => err,
    readyAfterMs,
    async token(email) {
      const res = await fetch(`${url}/dev/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email }),
      });
      if (res.status !== 200) throw new Error(`POST /dev/token: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id_token: string }).id_token;
    },
    async stop(signal = "SIGTERM") {
      const exited = exitOf(child);
      child.kill(signal);
      return exited;
    },
  };
}
