/**
 * The built `jitsudo` binary against a real `jitsudod dev`: logging in (dev tokens and the device
 * flow through the built-in IdP), the seed walkthrough on the mock provider, `--wait`, JSON output
 * of every data command, exec, and audit verification on the live log and on an export.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../../packages/server/test/auth/helpers/browser.js";
import { type CliResult, collect, runCli, spawnCli } from "../../packages/cli/test/helpers/run-cli.js";
import { type RunningJitsudod, startJitsudodDev } from "./support/jitsudod.js";

let dev: RunningJitsudod;
const homes: Record<string, string> = {};

/** Runs jitsudo as `user` (alice requests, bob approves, charlie is the admin). */
function as(user: "alice" | "bob" | "charlie", args: string[], stdin?: string): Promise<CliResult> {
  return runCli(args, { env: { JITSUDO_HOME: homes[user] }, stdin });
}

function spawnAs(user: "alice" | "bob" | "charlie", args: string[]): ChildProcess {
  return spawnCli(args, { env: { JITSUDO_HOME: homes[user] } });
}

function requestIdIn(output: string): string {
  const match = /\(ID: (req_\w+)\)/.exec(output);
  if (!match) throw new Error(`no request ID in: ${output}`);
  return match[1];
}

beforeAll(async () => {
  dev = await startJitsudodDev();
  for (const user of ["alice", "bob", "charlie"])
    homes[user] = await mkdtemp(join(tmpdir(), `jitsudo-e2e-${user}-`));
}, 30_000);
afterAll(async () => {
  await dev?.stop("SIGKILL");
});

/** `jitsudo request` for mock/admin (approved by an sre-lead), with `extra` flags. */
const adminRequest = (reason: string, ...extra: string[]) => [
  "request",
  "--provider",
  "mock",
  "--role",
  "admin",
  "--scope",
  "sandbox",
  "--reason",
  reason,
  ...extra,
];

describe("logging in", () => {
  it("takes a dev user's token from jitsudod dev", async () => {
    for (const user of ["alice", "bob", "charlie"] as const) {
      const result = await as(user, ["login", "--dev-user", `${user}@example.com`, "--server", dev.url]);
      expect(result.stdout).toBe(`Logged in as ${user}@example.com\nServer: ${dev.url}\n`);
      expect(result.code).toBe(0);
    }
    const whoami = await as("charlie", ["whoami", "-o", "json"]);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ identity: "charlie@example.com", admin: true });
  });

  it("signs in with the device flow, then refreshes an expired session silently", async () => {
    const home = await mkdtemp(join(tmpdir(), "jitsudo-e2e-device-"));
    const login = spawnCli(["login", "--provider", `${dev.url}/dev/idp`, "--server", dev.url], {
      env: { JITSUDO_HOME: home },
    });
    const done = collect(login, "");
    const verificationUrl = await new Promise<string>((resolve) => {
      let stderr = "";
      login.stderr?.on("data", (d: Buffer) => {
        stderr += d.toString();
        const url = /(http:\/\/\S+\/dev\/idp\/device\S*)/.exec(stderr);
        if (url && stderr.includes("Waiting for sign-in")) resolve(url[1]);
      });
    });
    // As a person typing the code shown into the verification page.
    const url = new URL(verificationUrl);
    const userCode = url.searchParams.get("user_code") ?? "";
    const browser = new Browser();
    await browser.open(`${url.origin}${url.pathname}`);
    await browser.submit("op.deviceInputForm", { user_code: userCode });
    await browser.submit("op.deviceConfirmForm");
    await browser.submit("login", { email: "alice@example.com", password: "password" });
    expect((await browser.submit("allow")).html).toContain("Signed in");

    const result = await done;
    expect(result.stdout).toBe(`Logged in as alice@example.com\nServer: ${dev.url}\n`);
    expect(result.code).toBe(0);
    const file = join(home, "credentials");
    const saved = await readFile(file, "utf8");
    expect(saved).toMatch(/^refresh_token: \S+$/m);
    expect(saved).toContain(`issuer: "${dev.url}/dev/idp"\n`);

    await writeFile(file, saved.replace(/^expires_at: .*$/m, "expires_at: 2020-01-01T00:00:00.000Z"));
    const whoami = await runCli(["whoami", "-q"], { env: { JITSUDO_HOME: home } });
    expect(whoami.stdout).toBe("alice@example.com\n");
    const expiresAt = /^expires_at: "([^"]+)"$/m.exec(await readFile(file, "utf8"))?.[1] ?? "";
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
  });
});

describe("the seed walkthrough, on the mock provider", () => {
  const policy = `package jitsudo.eligibility

import future.keywords.if

default allow = false
default reason = "not authorized"

allow if {
    input.user.groups[_] == "sre"
    input.request.provider == "mock"
    input.request.role == "sandbox-readonly"
    input.request.duration_seconds <= 3600
}

reason = "allowed" if { allow }
`;
  let id: string;

  it("applies the eligibility policy", async () => {
    const dir = await mkdtemp(join(tmpdir(), "jitsudo-e2e-policy-"));
    const file = join(dir, "mock-eligibility.rego");
    await writeFile(file, policy);
    const result = await as("charlie", [
      "policy",
      "apply",
      "-f",
      file,
      "--type",
      "eligibility",
      "--name",
      "mock-sandbox-eligibility",
    ]);
    expect(result.stdout).toMatch(
      /^Policy mock-sandbox-eligibility \(eligibility\) applied — id: pol_\w+\n$/,
    );
  });

  it("requests access and waits for approval", async () => {
    const result = await as("alice", [
      "request",
      "--provider",
      "mock",
      "--role",
      "sandbox-readonly",
      "--scope",
      "123456789012",
      "--duration",
      "30m",
      "--reason",
      "Testing real AWS provider - sandbox",
    ]);
    expect(result.stdout).toMatch(/^✓ Request submitted \(ID: req_\w+\)\n⏳ Awaiting approval/);
    id = requestIdIn(result.stdout);
  });

  it("is approved by an approver in a second terminal", async () => {
    expect((await as("bob", ["status", "--pending", "-q"])).stdout).toContain(id);
    expect((await as("bob", ["approve", id])).stdout).toBe(`Request ${id} → ACTIVE\n`);
  });

  it("runs a command with the credentials", async () => {
    const result = await as("alice", ["exec", id, "--", "sh", "-c", 'echo "$MOCK_ACCESS_KEY"']);
    expect(result.stdout).toBe(`mock-access-key-${id}\n`);
    expect(result.code).toBe(0);
  });

  it("shows the request's audit trail", async () => {
    const { stdout } = await as("alice", ["audit", "--request", id]);
    for (const action of ["request.created", "request.approved", "grant.issued", "grant.credentials_read"]) {
      expect(stdout).toContain(action);
    }
    const events = JSON.parse((await as("alice", ["audit", "--request", id, "-o", "json"])).stdout);
    const read = events.find((e: { action: string }) => e.action === "grant.credentials_read");
    expect(JSON.parse(read.details_json)).toMatchObject({ purpose: "exec", command: "sh" });
  });

  it("revokes, after which jitsudo hands out no credentials", async () => {
    expect((await as("alice", ["revoke", id])).stdout).toBe(`Request ${id} → REVOKED\n`);
    const exec = await as("alice", ["exec", id, "--", "true"]);
    expect(exec.stderr).toMatch(
      new RegExp(`^Error: request ${id} is REVOKED — it no longer grants access\n`),
    );
    expect(exec.code).toBe(1);
  });
});

describe("request --wait", () => {
  const waitFor = async (decide: (id: string) => Promise<unknown>): Promise<CliResult> => {
    const child = spawnAs("alice", adminRequest("wait", "--wait"));
    const done = collect(child, "");
    let output = "";
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    while (!/\(ID: req_\w+\)/.test(output)) await new Promise((r) => setTimeout(r, 20));
    await decide(requestIdIn(output));
    return done;
  };

  it("exits 0 once approved", async () => {
    const result = await waitFor((id) => as("bob", ["approve", id]));
    expect(result.stdout).toMatch(/→ ACTIVE — active until/);
    expect(result.code).toBe(0);
  });

  it("exits 3 once denied", async () => {
    const result = await waitFor((id) => as("bob", ["deny", id, "--reason", "not now"]));
    expect(result.stdout).toContain("→ REJECTED");
    expect(result.stderr).toMatch(/ended REJECTED without access: not now/);
    expect(result.code).toBe(3);
  });
});

describe("-o json", () => {
  it("is a parseable document for every data command", async () => {
    const submitJson = async () =>
      JSON.parse((await as("alice", adminRequest("json", "-o", "json"))).stdout).id as string;
    const id = await submitJson();
    const toDeny = await submitJson();
    const commands: ["alice" | "bob" | "charlie", string[]][] = [
      ["alice", ["whoami"]],
      ["alice", ["status", id]],
      ["alice", ["status"]],
      ["bob", ["status", "--pending"]],
      ["charlie", ["status", "--all", "--state", "ACTIVE"]],
      ["charlie", ["status", "--break-glass"]],
      ["bob", ["approve", id]],
      ["bob", ["deny", toDeny, "--reason", "no"]],
      ["alice", ["revoke", id]],
      ["charlie", ["revoke", "--user", "alice@example.com", "--all"]],
      ["alice", ["audit", "--request", id]],
      ["charlie", ["audit", "verify"]],
      ["alice", ["policy", "list"]],
      ["alice", ["policy", "get", "dev-sre-eligibility"]],
      [
        "alice",
        [
          "policy",
          "eval",
          "--input",
          '{"user":{"groups":["sre"]},"request":{"provider":"mock","role":"admin"}}',
        ],
      ],
      ["alice", ["principal", "get", "alice@example.com"]],
      ["charlie", ["principal", "list"]],
      ["charlie", ["principal", "set-tier", "alice@example.com", "2", "--notes", "e2e"]],
      ["charlie", ["server", "reload-policies"]],
      ["alice", ["server", "status"]],
      ["alice", ["server", "version"]],
      ["alice", ["version"]],
    ];
    for (const [user, args] of commands) {
      const result = await as(user, [...args, "-o", "json"]);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      expect(() => JSON.parse(result.stdout), args.join(" ")).not.toThrow();
    }
  }, 60_000);
});

describe("exec", () => {
  let id: string;
  beforeAll(async () => {
    const submitted = await as("alice", adminRequest("exec", "-q"));
    id = submitted.stdout.trim();
    await as("bob", ["approve", id]);
  });

  it("exits with the command's code", async () => {
    expect((await as("alice", ["exec", id, "--", "sh", "-c", "exit 42"])).code).toBe(42);
    expect((await as("alice", ["exec", id, "--", "no-such-command-e2e"])).code).toBe(127);
  });

  it("forwards SIGTERM to the command", async () => {
    const child = spawnAs("alice", [
      "exec",
      id,
      "--",
      process.execPath,
      "-e",
      'process.on("SIGTERM", () => { console.log("term"); process.exit(9) }); setInterval(() => {}, 1000); console.log("ready")',
    ]);
    const done = collect(child);
    await new Promise<void>((resolve) =>
      child.stdout?.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()),
    );
    child.kill("SIGTERM");
    const result = await done;
    expect(result.stdout).toContain("term");
    expect(result.code).toBe(9);
  });
});

describe("audit verify", () => {
  it("passes on the live log and on its export, and fails on a tampered export", async () => {
    const live = await as("charlie", ["audit", "verify"]);
    expect(live.stdout).toMatch(/^Chain intact: \d+ events verified \(head [0-9a-f]{6}…\)\n$/);

    const dir = await mkdtemp(join(tmpdir(), "jitsudo-e2e-audit-"));
    const file = join(dir, "export.json");
    await writeFile(file, (await as("charlie", ["audit", "--all", "-o", "json"])).stdout);
    const offline = await as("charlie", ["audit", "verify", "--file", file]);
    expect(offline.stdout).toMatch(/^Chain intact: \d+ events verified/);
    expect(offline.code).toBe(0);

    const events = JSON.parse(await readFile(file, "utf8")) as { id: number; details_json: string }[];
    const victim = events[Math.floor(events.length / 2)];
    victim.details_json = victim.details_json.replace("}", ',"tampered":true}');
    await writeFile(file, JSON.stringify(events, null, 2));
    const tampered = await as("charlie", ["audit", "verify", "--file", file]);
    expect(tampered.stdout).toMatch(
      new RegExp(`^Chain broken at event ${victim.id}: event ${victim.id}: hash does not match its contents`),
    );
    expect(tampered.code).toBe(1);
  });
});
