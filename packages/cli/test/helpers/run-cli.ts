/** Runs the built `jitsudo` binary as a user would, with its own home directory. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TOKEN } from "./stand-in-server.js";

export const BIN = fileURLToPath(new URL("../../dist/bin/jitsudo.js", import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  home?: string;
  env?: Record<string, string>;
  stdin?: string;
}

function environment(opts: CliOptions): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: opts.home ?? tmpdir(), NO_COLOR: "1", ...opts.env };
}

export function spawnCli(args: readonly string[], opts: CliOptions = {}): ChildProcess {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  // A session of its own: no controlling terminal, whether or not the tests run in one, so that
  // signal handling is the same for every run (exec relays SIGINT only outside a terminal's foreground).
  return spawn(process.execPath, [BIN, ...args], { env: environment(opts), stdio: "pipe", detached: true });
}

export async function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, opts);
  return collect(child, opts.stdin ?? "");
}

/** Output and exit of `child`; `stdin`, when given, is written and closed. */
export function collect(child: ChildProcess, stdin?: string): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  if (stdin !== undefined) child.stdin?.end(stdin);
  return new Promise((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

/** A home directory whose credentials file holds a session with the stand-in's token. */
export async function loggedInHome(serverUrl: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), "jitsudo-home-"));
  await mkdir(join(home, ".jitsudo"), { mode: 0o700 });
  const expires = new Date(Date.now() + 3600_000).toISOString();
  await writeFile(
    join(home, ".jitsudo", "credentials"),
    `server_url: ${serverUrl}\nissuer: ${serverUrl}/dev/idp\nclient_id: jitsudo-cli\ntoken: ${TOKEN}\nexpires_at: ${expires}\nemail: alice@example.com\n`,
    { mode: 0o600 },
  );
  return home;
}
