/** The jitsudod binary as users run it: dev mode, a scripted HTTP flow, shutdown, and its errors. */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitOf, type RunningJitsudod, spawnJitsudod, startJitsudodDev } from "./support/jitsudod.js";

async function output(args: string[], env: Record<string, string> = {}, cwd?: string) {
  const child = spawnJitsudod(args, env, cwd);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await exitOf(child);
  return { code, stdout, stderr };
}

describe("jitsudod dev", () => {
  let dev: RunningJitsudod;
  beforeAll(async () => {
    dev = await startJitsudodDev();
  }, 30_000);
  afterAll(async () => {
    await dev?.stop("SIGKILL");
  });

  it("is ready in under 5 seconds and prints where things are and what to type next", () => {
    expect(dev.readyAfterMs).toBeLessThan(5000);
    const banner = dev.stdout();
    expect(banner).toContain(`${dev.url}/api/v1alpha1`);
    expect(banner).toContain(`${dev.url}/dev/idp`);
    expect(banner).toContain("alice@example.com");
    expect(banner).toContain(`jitsudo login --dev-user alice@example.com --server ${dev.url}`);
  });

  it("runs with glibc's malloc trim threshold set, re-executed in the process it was started as", () => {
    const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header
      .glibcVersionRuntime;
    const environ = readFileSync(`/proc/${dev.process.pid}/environ`, "utf8").split("\0");
    // The test runs on the same Node binary as the server it started.
    if (process.platform !== "linux" || glibc === undefined || process.execve === undefined) {
      expect(environ).not.toContain("MALLOC_TRIM_THRESHOLD_=131072");
      return;
    }
    expect(environ).toContain("MALLOC_TRIM_THRESHOLD_=131072");
    expect(readFileSync(`/proc/${dev.process.pid}/cmdline`, "utf8").split("\0")).toContain("dev");
  });

  it("serves the whole flow over HTTP: request, approve, credentials, revoke, verify", async () => {
    const alice = await dev.token("alice@example.com");
    const bob = await dev.token("bob@example.com");
    const charlie = await dev.token("charlie@example.com");
    const api = async (token: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${dev.url}/api/v1alpha1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      // biome-ignore lint/suspicious/noExplicitAny: the raw JSON answer of any route, read field by field in tests
      return { status: res.status, json: (await res.json()) as any };
    };
    const submitted = await api(alice, "POST", "/requests", {
      provider: "mock",
      role: "admin",
      resource_scope: "sandbox",
      duration_seconds: 3600,
      reason: "e2e flow",
    });
    expect(submitted.status).toBe(201);
    expect(submitted.json.request.state).toBe("PENDING");
    const id = submitted.json.request.id as string;

    const approved = await api(bob, "POST", `/requests/${id}/approve`, { comment: "ok" });
    expect(approved.json.request.state).toBe("ACTIVE");
    const grant = await api(alice, "GET", `/requests/${id}/credentials?purpose=api`);
    expect(grant.json.grant.credentials).toEqual([
      { name: "MOCK_ACCESS_KEY", value: `mock-access-key-${id}` },
      { name: "MOCK_SESSION_TOKEN", value: `mock-session-token-${id}` },
    ]);
    expect((await api(alice, "POST", `/requests/${id}/revoke`, { reason: "done" })).json.request.state).toBe(
      "REVOKED",
    );
    expect((await api(alice, "GET", `/requests/${id}/credentials`)).status).toBe(409);
    const verify = await api(charlie, "GET", "/audit/verify");
    expect(verify.json).toMatchObject({ ok: true, problem: null });
    expect(verify.json.events_verified).toBeGreaterThanOrEqual(6);
    const auto = await api(alice, "POST", "/requests", {
      provider: "mock",
      role: "read-only",
      resource_scope: "sandbox",
      duration_seconds: 900,
      reason: "seeded policy auto-approves read-only",
    });
    expect(auto.json.request).toMatchObject({ state: "ACTIVE", approver_tier: "auto" });
    expect(dev.stderr()).not.toContain(alice);
    expect(dev.stderr()).not.toContain(`mock-session-token-${id}`);
  });
});

describe("jitsudod process behaviour", () => {
  it("stops gracefully on SIGTERM with exit code 0", async () => {
    const dev = await startJitsudodDev();
    expect(await dev.stop("SIGTERM")).toBe(0);
  });

  it("keeps its data directory and refuses a second process on it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jitsudo-e2e-"));
    try {
      const first = await startJitsudodDev(["--data-dir", dir]);
      const second = await output(["dev", "--port", "1", "--data-dir", dir]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain("in use by another jitsudod process");
      expect(await first.stop()).toBe(0);
      expect(statSync(join(dir, "encryption.key")).mode & 0o777).toBe(0o600);
      const again = await startJitsudodDev(["--data-dir", dir]);
      const policies = await fetch(`${again.url}/api/v1alpha1/policies`, {
        headers: { authorization: `Bearer ${await again.token("alice@example.com")}` },
      });
      expect(((await policies.json()) as { policies: unknown[] }).policies).toHaveLength(2);
      await again.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("lists every configuration problem and exits 1 before starting", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jitsudo-cfg-"));
    try {
      const file = join(dir, "jitsudod.yaml");
      const { writeFileSync } = await import("node:fs");
      writeFileSync(file, "server:\n  http_adr: ':8080'\nworkflow:\n  max_duration: forever\n");
      const r = await output(["serve", "--config", file], { JITSUDOD_OIDC_ISSUER: "" });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("server.http_adr");
      expect(r.stderr).toContain("workflow.max_duration");
      expect(r.stderr).toContain("auth.oidc_issuer");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("jitsudod init migrates the database and writes a 0600 starter configuration", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jitsudo-init-"));
    try {
      const r = await output([
        "init",
        "--db-url",
        `pglite://${join(dir, "data")}`,
        "--oidc-issuer",
        "https://login.example.com",
        "--config-out",
        join(dir, "jitsudo.yaml"),
      ]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Connecting to database... OK");
      expect(r.stdout).toContain("Running database migrations... OK");
      const config = readFileSync(join(dir, "jitsudo.yaml"), "utf8");
      expect(config).toContain("oidc_issuer: https://login.example.com");
      expect(statSync(join(dir, "jitsudo.yaml")).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, "jitsudod.env")).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dir, "jitsudod.env"), "utf8")).toMatch(
        /^JITSUDOD_ENCRYPTION_KEY=[A-Za-z0-9+/]{43}=$/m,
      );
      const migrate = await output(["migrate"], {
        JITSUDOD_CONFIG: join(dir, "jitsudo.yaml"),
        JITSUDOD_ENCRYPTION_KEY: "",
      });
      expect(migrate).toMatchObject({ code: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints its version", async () => {
    const r = await output(["version"]);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^jitsudod \d+\.\d+\.\d+\n$/) });
  });
});
