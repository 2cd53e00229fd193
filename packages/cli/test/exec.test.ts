import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, collect, loggedInHome, runCli, spawnCli } from "./helpers/run-cli.js";
import { StandInServer } from "./helpers/stand-in-server.js";

let server: StandInServer;
let home: string;

beforeAll(async () => {
  server = await StandInServer.start();
  home = await loggedInHome(server.url);
});
afterAll(() => server.close());

function activeRequest(): string {
  const { id } = server.add();
  server.transition(id, "ACTIVE");
  return id;
}

const node = process.execPath;

/** A child that says "ready" once its signal handlers are installed. */
function signalScript(handler: string): string[] {
  return [node, "-e", `${handler}; setInterval(() => {}, 1000); console.log("ready")`];
}

async function untilReady(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer | string) => {
      if (d.toString().includes("ready")) resolve();
    });
    child.on("exit", () => reject(new Error("exited before it was ready")));
  });
}

describe("jitsudo exec", () => {
  it("gives the command the credentials and exits with its code", async () => {
    const id = activeRequest();
    const result = await runCli(["exec", id, "--", "sh", "-c", 'echo "$MOCK_ACCESS_KEY"; exit 7'], { home });

    expect(result.stdout).toBe(`mock-access-key-${id}\n`);
    expect(result.code).toBe(7);
    expect(server.queriesOf(`/api/v1alpha1/requests/${id}/credentials`)).toEqual([
      { purpose: "exec", command: "sh" },
    ]);
  });

  it("keeps the credentials out of jitsudo's own output and arguments", async () => {
    const id = activeRequest();
    const result = await runCli(["--debug", "exec", id, "--", "true"], { home });

    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/debug: GET .*\/credentials\?purpose=exec&command=true → 200/);
    expect(result.stderr).not.toContain("mock-access-key");
    expect(result.stderr).not.toContain("stand-in-token-payload");
  });

  it("reports a command that does not exist with exit 127", async () => {
    const result = await runCli(["exec", activeRequest(), "--", "no-such-command-xyz", "--flag"], { home });

    expect(result.stderr).toBe("Error: command not found: no-such-command-xyz\n");
    expect(result.code).toBe(127);
  });

  it("explains a request that is not ACTIVE", async () => {
    const { id } = server.add();
    const result = await runCli(["exec", id, "--", "true"], { home });

    expect(result.stderr).toBe(
      `Error: request ${id} is PENDING — wait for approval (jitsudo status ${id})\n`,
    );
    expect(result.code).toBe(1);
  });

  it.each([
    ["SIGTERM", 15],
    ["SIGHUP", 1],
    ["SIGINT", 2],
  ] as const)("forwards %s to the command instead of dying first", async (signal, number) => {
    const child = spawnCli(
      [
        "exec",
        activeRequest(),
        "--",
        ...signalScript(
          `process.on("${signal}", () => { console.log("child got ${signal}"); process.exit(40 + ${number}) })`,
        ),
      ],
      { home },
    );
    const done = collect(child);
    await untilReady(child);
    child.kill(signal);
    const result = await done;

    expect(result.stdout).toContain(`child got ${signal}`);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(40 + number);
  });

  it("exits 128 + the signal when the signal ends the command", async () => {
    const child = spawnCli(["exec", activeRequest(), "--", ...signalScript("")], { home });
    const done = collect(child);
    await untilReady(child);
    child.kill("SIGTERM");
    const result = await done;

    expect(result.signal).toBeNull();
    expect(result.code).toBe(128 + 15);
  });
});

const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

describe.skipIf(!hasScript)("Ctrl-C on a terminal", () => {
  it("reaches the command once (from the terminal) and does not end jitsudo", async () => {
    const id = activeRequest();
    // The command counts the SIGINTs it gets and exits with that count shortly after the first.
    const counter = `let n = 0; process.on("SIGINT", () => { n++; console.log("SIGINT", n); setTimeout(() => process.exit(n), 300) }); setInterval(() => {}, 1000); console.log("ready")`;
    const command = [
      "exec",
      ...[process.execPath, BIN, "exec", id, "--", process.execPath, "-e", counter].map(shellQuote),
    ].join(" ");
    // script(1) runs jitsudo on a pseudo-terminal, whose line discipline turns ^C into SIGINT for the foreground group.
    const terminal = spawn("script", ["-qfec", command, "/dev/null"], {
      env: { PATH: process.env.PATH, HOME: home, NO_COLOR: "1", SHELL: "/bin/sh" },
      stdio: "pipe",
    });
    const done = collect(terminal);
    await untilReady(terminal);
    terminal.stdin?.write("\u0003");
    const result = await done;

    expect(result.stdout).not.toContain("SIGINT 2");
    expect(result.code).toBe(1);
  });
});

describe("jitsudo shell", () => {
  it("runs the shell with the credentials, JITSUDO_ELEVATED and the request ID, and a banner on stderr", async () => {
    const id = activeRequest();
    const result = await runCli(["shell", id, "--shell", "/bin/sh"], {
      home,
      stdin: 'echo "$JITSUDO_ELEVATED $JITSUDO_REQUEST_ID $MOCK_SESSION_TOKEN"; exit 5\n',
    });

    expect(result.stdout).toBe(`1 ${id} mock-session-token-${id}\n`);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(new RegExp(`elevated shell for request ${id}`));
    expect(result.stderr).toMatch(/credentials expire at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in [0-9dhms]+\)/);
    expect(result.stderr).toMatch(/left the elevated shell .* after \d+s/);
    expect(server.queriesOf(`/api/v1alpha1/requests/${id}/credentials`)).toEqual([
      { purpose: "shell", command: "/bin/sh" },
    ]);
  });

  it("uses $SHELL by default", async () => {
    const id = activeRequest();
    const result = await runCli(["shell", id], { home, env: { SHELL: "/bin/sh" }, stdin: "exit 0\n" });

    expect(result.code).toBe(0);
    expect(server.queriesOf(`/api/v1alpha1/requests/${id}/credentials`)[0].command).toBe("/bin/sh");
  });
});
