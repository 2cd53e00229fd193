import { createHash } from "node:crypto";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditEvent } from "@jitsudo/client";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggedInHome, runCli, spawnCli, collect } from "./helpers/run-cli.js";
import { StandInServer, TOKEN } from "./helpers/stand-in-server.js";

let server: StandInServer;
let home: string;

beforeAll(async () => {
  server = await StandInServer.start();
  home = await loggedInHome(server.url);
});
afterAll(() => server.close());

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { home, env });
const submit = ["request", "--provider", "mock", "--scope", "dev", "--reason", "INC-4421"];

describe("request", () => {
  it("submits and says who approves", async () => {
    const { stdout, code } = await cli([
      ...submit,
      "--role",
      "admin",
      "--duration",
      "2h30m",
      "--metadata",
      "ticket=INC-4421",
    ]);

    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^✓ Request submitted \(ID: (req_\w+)\)\n⏳ Awaiting approval — approvers: sre-leads\n$/,
    );
    const body = server.received.findLast((r) => r.path === "/api/v1alpha1/requests")?.body;
    expect(body).toEqual({
      provider: "mock",
      role: "admin",
      resource_scope: "dev",
      duration_seconds: 9000,
      reason: "INC-4421",
      break_glass: false,
      metadata: { ticket: "INC-4421" },
    });
  });

  it("reports auto-approval and break-glass", async () => {
    const auto = await cli([...submit, "--role", "read-only"]);
    expect(auto.stdout).toMatch(
      /^✓ Request approved by policy \(ID: req_\w+\) — active until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/,
    );
    const glass = await cli([...submit, "--role", "admin", "--break-glass"]);
    expect(glass.stdout).toMatch(
      /^⚠ Break-glass access granted \(ID: req_\w+\) — active until .*Z; alerts sent\n$/,
    );
  });

  it("prints only the ID with -q, and the request with -o json", async () => {
    const quiet = await cli([...submit, "--role", "admin", "-q"]);
    expect(quiet.stdout).toMatch(/^req_\w+\n$/);
    const json = await cli([...submit, "--role", "admin", "-o", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ state: "PENDING", role: "admin", reason: "INC-4421" });
  });

  it("says not eligible with the policy's reason", async () => {
    const { stderr, code } = await cli([...submit, "--role", "forbidden"]);
    expect(stderr).toBe("Error: not eligible: role forbidden is not allowed for sre\n");
    expect(code).toBe(1);
  });

  it("--wait exits 0 once the request is ACTIVE, printing each change", async () => {
    const child = spawnCli([...submit, "--role", "admin", "--wait"], { home });
    const done = collect(child, "");
    const id = await submittedId(child);
    server.transition(id, "APPROVED");
    await new Promise((r) => setTimeout(r, 150));
    server.transition(id, "ACTIVE");
    const { stdout, code } = await done;

    expect(stdout).toMatch(/⏳ Awaiting approval.*\n→ APPROVED\n→ ACTIVE — active until .*Z\n$/);
    expect(code).toBe(0);
    const polls = server.queriesOf(`/api/v1alpha1/requests/${id}`);
    expect(polls[0]).toEqual({ wait_seconds: expect.stringMatching(/^\d+$/), known_state: "PENDING" });
    expect(polls.at(-1)?.known_state).toBe("APPROVED");
  });

  it("--wait exits 3 when the request is denied", async () => {
    const child = spawnCli([...submit, "--role", "admin", "--wait", "-o", "json"], { home });
    const done = collect(child, "");
    const id = await submittedId(child);
    server.transition(id, "REJECTED", { approver_comment: "use read-only" });
    const { stdout, stderr, code } = await done;

    expect(JSON.parse(stdout)).toMatchObject({ id, state: "REJECTED" });
    expect(stderr).toBe(`Error: request ${id} ended REJECTED without access: use read-only\n`);
    expect(code).toBe(3);
  });

  it("--wait exits 3 when it times out", async () => {
    const { stderr, code } = await cli([...submit, "--role", "admin", "--wait", "--timeout", "1s"]);
    expect(stderr).toMatch(
      /^Error: gave up waiting after 1s: request req_\w+ is still PENDING\ncheck later: jitsudo status req_\w+\n$/,
    );
    expect(code).toBe(3);
  });
});

/** The request ID a `request … --wait` child submitted, once the stand-in has it. */
async function submittedId(child: ReturnType<typeof spawnCli>): Promise<string> {
  const before = new Set(server.requests.keys());
  for (;;) {
    const id = [...server.requests.keys()].find((k) => !before.has(k));
    if (id && server.queriesOf(`/api/v1alpha1/requests/${id}`).length > 0) return id;
    if (child.exitCode !== null) throw new Error("the CLI exited before waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("status, approve, deny, revoke", () => {
  it("shows one request in full", async () => {
    const r = server.add({ reason: "debugging" });
    const { stdout } = await cli(["status", r.id]);
    expect(stdout).toContain(`ID:         ${r.id}\nState:      PENDING\nRequester:  alice@example.com\n`);
    expect(stdout).toContain("Duration:   1h\nReason:     debugging\nTier:       human\nApprover:   -\n");
  });

  it("lists requests as a table, JSON or YAML, and [] when there are none", async () => {
    const r = server.add({ state: "EXPIRED" });
    const table = await cli(["status", "--all", "--state", "expired"]);
    expect(table.stdout.split("\n")[0]).toMatch(
      /^ID +STATE +REQUESTER +PROVIDER +ROLE +SCOPE +EXPIRES +REASON$/,
    );
    expect(table.stdout).toContain(r.id);
    expect(server.queriesOf("/api/v1alpha1/requests").at(-1)).toEqual({ state: "EXPIRED", page_size: "50" });

    const json = await cli(["status", "--all", "--state", "EXPIRED", "-o", "json"]);
    expect(JSON.parse(json.stdout).map((x: { id: string }) => x.id)).toContain(r.id);
    const yaml = await cli(["status", "--all", "--state", "EXPIRED", "-o", "yaml"]);
    expect(yaml.stdout).toContain(`- id: ${r.id}\n`);

    expect((await cli(["status", "--state", "FAILED", "-o", "json"])).stdout).toBe("[]\n");
    expect((await cli(["status", "--state", "FAILED"])).stdout).toBe("No requests found.\n");
    expect(server.queriesOf("/api/v1alpha1/requests").at(-1)).toEqual({
      mine: "true",
      state: "FAILED",
      page_size: "50",
    });
  });

  it("asks for pending requests to approve, and refuses two selections", async () => {
    await cli(["status", "--pending"]);
    expect(server.queriesOf("/api/v1alpha1/requests").at(-1)).toEqual({ pending: "true", page_size: "50" });
    const both = await cli(["status", "--pending", "--all"]);
    expect(both.code).toBe(2);
  });

  it("approves, denies and revokes with Request <id> → STATE", async () => {
    const a = server.add();
    expect((await cli(["approve", a.id, "--comment", "ok"])).stdout).toBe(`Request ${a.id} → ACTIVE\n`);
    expect((await cli(["revoke", a.id])).stdout).toBe(`Request ${a.id} → REVOKED\n`);
    const d = server.add();
    expect((await cli(["deny", d.id, "--reason", "no"])).stdout).toBe(`Request ${d.id} → REJECTED\n`);
    expect((await cli(["deny", d.id])).code).toBe(2);
  });

  it("revokes every active grant of a user", async () => {
    const first = server.add({ requester_identity: "mallory@example.com", state: "ACTIVE" });
    const second = server.add({ requester_identity: "mallory@example.com", state: "APPROVED" });
    const { stdout } = await cli([
      "revoke",
      "--user",
      "mallory@example.com",
      "--all",
      "--reason",
      "stolen laptop",
    ]);
    expect(stdout).toBe(`Request ${first.id} → REVOKED\nRequest ${second.id} → REVOKED\n`);
    expect((await cli(["revoke", "--user", "mallory@example.com", "--all"])).stdout).toBe(
      "No active grants of mallory@example.com.\n",
    );
    expect((await cli(["revoke", "--user", "mallory@example.com"])).code).toBe(2);
  });
});

describe("audit", () => {
  beforeAll(() => {
    let prev = "";
    server.auditEvents = Array.from({ length: 5 }, (_, i): AuditEvent => {
      const id = i + 1;
      const e = {
        id,
        timestamp: `2026-03-20T16:00:0${id}.000Z`,
        actor_identity: "alice@example.com",
        action: "request.created",
        request_id: "req_1",
        provider: "mock",
        resource_scope: "dev",
        outcome: "success" as const,
        details_json: JSON.stringify({ reason: id === 3 ? 'with "quotes", commas\nand a newline' : "plain" }),
        prev_hash: prev,
      };
      const hash = createHash("sha256")
        .update(
          `${prev}|${id}|${e.timestamp}|${e.actor_identity}|${e.action}|${e.request_id}|${e.outcome}|${e.details_json}`,
        )
        .digest("hex");
      prev = hash;
      return { ...e, hash };
    });
  });

  it("shows a table, newest first", async () => {
    const { stdout } = await cli(["audit", "--request", "req_1", "--since", "24h"]);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TIMESTAMP +ACTOR +ACTION +REQUEST ID +PROVIDER +OUTCOME$/);
    expect(lines[1]).toMatch(
      /^2026-03-20T16:00:05Z +alice@example.com +request.created +req_1 +mock +success$/,
    );
    const query = server.queriesOf("/api/v1alpha1/audit").at(-1);
    expect(query).toMatchObject({
      request_id: "req_1",
      page_size: "100",
      since: expect.stringMatching(/Z$/),
    });
  });

  it("writes CSV with a header and RFC 4180 quoting", async () => {
    const { stdout } = await cli(["audit", "-o", "csv"]);
    const rows = stdout.split("\r\n");
    expect(rows[0]).toBe(
      "id,timestamp,actor_identity,action,request_id,provider,resource_scope,outcome,details_json,prev_hash,hash",
    );
    expect(stdout).toContain(',"{""reason"":""with \\""quotes\\"", commas\\nand a newline""}",');
  });

  it("follows page tokens with --all, and stops at --limit", async () => {
    const all = await cli(["audit", "--all", "-o", "json"]);
    expect(JSON.parse(all.stdout).map((e: AuditEvent) => e.id)).toEqual([5, 4, 3, 2, 1]);
    const two = await cli(["audit", "--limit", "2", "-q"]);
    expect(two.stdout).toBe("5\n4\n");
  });

  it("verifies its own JSON export offline, and finds tampering", async () => {
    const dir = await mkdtemp(join(tmpdir(), "jitsudo-audit-"));
    const file = join(dir, "export.json");
    await writeFile(file, (await cli(["audit", "--all", "-o", "json"])).stdout);
    const intact = await cli(["audit", "verify", "--file", file]);
    expect(intact.stdout).toBe(
      `Chain intact: 5 events verified (head ${server.auditEvents[4].hash.slice(0, 6)}…)\n`,
    );
    expect(intact.code).toBe(0);

    const events = JSON.parse(await readFile(file, "utf8")) as AuditEvent[];
    events[2].actor_identity = "mallory@example.com";
    await writeFile(file, JSON.stringify(events));
    const broken = await cli(["audit", "verify", "--file", file, "-o", "json"]);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, first_bad_id: 3 });
    expect(broken.code).toBe(1);

    await writeFile(file, "not json");
    const garbage = await cli(["audit", "verify", "--file", file]);
    expect(garbage.stderr).toMatch(/not a JSON array\nexport the log with: jitsudo audit --all -o json/);
  });
});

describe("sessions", () => {
  it("logs in as a dev user, saving the session 0600, and logs out", async () => {
    const fresh = await mkdtemp(join(tmpdir(), "jitsudo-login-"));
    const login = await runCli(["login", "--dev-user", "alice@example.com", "--server", server.url], {
      home: fresh,
    });
    expect(login.stdout).toBe(`Logged in as alice@example.com\nServer: ${server.url}\n`);
    const file = join(fresh, ".jitsudo", "credentials");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = await readFile(file, "utf8");
    expect(saved).toContain(`server_url: "${server.url}"\n`);
    expect(saved).toContain(`issuer: "${server.url}/dev/idp"\n`);

    const whoami = await runCli(["whoami", "-o", "json"], { home: fresh });
    expect(JSON.parse(whoami.stdout)).toEqual({
      identity: "alice@example.com",
      groups: ["sre"],
      admin: false,
      auditor: false,
      trust_tier: 1,
    });

    expect((await runCli(["logout"], { home: fresh })).stdout).toBe("Logged out.\n");
    const after = await runCli(["whoami"], { home: fresh, env: { JITSUDO_SERVER: server.url } });
    expect(after.code).toBe(4);
  });

  it("exits 4 when the server refuses the token, and when the saved one has expired", async () => {
    const refused = await cli(["whoami"], { JITSUDO_TOKEN: "wrong" });
    expect(refused.stderr).toMatch(/^Error: not authenticated: invalid bearer token\n/);
    expect(refused.code).toBe(4);

    const expired = await mkdtemp(join(tmpdir(), "jitsudo-expired-"));
    await writeFile(
      join(expired, "credentials"),
      `server_url: ${server.url}\ntoken: t\nexpires_at: 2020-01-01T00:00:00Z\nemail: alice@example.com\nissuer: ${server.url}/dev/idp\n`,
    );
    const result = await runCli(["whoami"], { env: { JITSUDO_HOME: expired } });
    expect(result.stderr).toBe(
      `Error: session expired\nrun: jitsudo login --dev-user alice@example.com --server ${server.url}\n`,
    );
    expect(result.code).toBe(4);
  });

  it("never prints the token with --debug", async () => {
    const { stderr } = await cli(["--debug", "whoami"]);
    expect(stderr).toMatch(
      /^debug: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1alpha1\/whoami → 200 \(\d+ ms\)\n$/,
    );
    expect(stderr).not.toContain(TOKEN);
  });

  it("names an unreachable server", async () => {
    const port = await closedPort();
    const { stderr, code } = await cli(["whoami"], { JITSUDO_SERVER: `127.0.0.1:${port}` });
    expect(stderr).toMatch(
      new RegExp(`^Error: cannot reach the jitsudo server at http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    expect(code).toBe(1);
  });
});

describe("server and version", () => {
  it("reports client and server versions", async () => {
    expect((await cli(["version"])).stdout).toBe("jitsudo 0.1.0\nserver  0.1.0 (API v1alpha1)\n");
    expect(JSON.parse((await cli(["version", "-o", "json"])).stdout)).toEqual({
      client: "0.1.0",
      server: { version: "0.1.0", api_versions: ["v1alpha1"] },
    });
  });

  it("server status exits 1 when a check fails", async () => {
    const { stdout, code } = await cli(["server", "status"]);
    expect(stdout).toMatch(/liveness +UP +ok\nreadiness +DOWN +/);
    expect(stdout).toMatch(/version +UP +0\.1\.0 \(API v1alpha1\)/);
    expect(code).toBe(1);
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
