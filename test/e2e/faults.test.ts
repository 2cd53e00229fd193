/**
 * Crash safety (spec 11 "Faults"): jitsudod on PostgreSQL is SIGKILLed at random points of many
 * request flows and restarted; afterwards every approved request has ended ACTIVE, EXPIRED, REVOKED
 * or FAILED, every state change has its audit event, every ended grant is gone at the provider,
 * no request got two bindings, and the chain verifies. Two instances on one database run each job
 * once and keep one linear chain.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyMockEvent,
  emptyMockState,
  type MockEvent,
} from "../../packages/server/src/providers/mock-journal.js";
import { createTestDatabase, STORE_KINDS } from "../../packages/server/test/support/index.js";
import { APPROVAL, ELIGIBILITY } from "../../packages/server/test/workflow/fixtures.js";
import { exitOf, freePort, spawnJitsudod } from "./support/jitsudod.js";
import { startTestIssuer, type TestIssuer } from "./support/issuer.js";

interface Instance {
  url: string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

interface World {
  issuer: TestIssuer;
  db: { url: string; drop(): Promise<void> };
  dir: string;
  journal: string;
  config: string;
}

async function setUp(): Promise<World> {
  const issuer = await startTestIssuer();
  const db = await createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), "jitsudo-faults-"));
  const journal = join(dir, "mock.jsonl");
  const config = join(dir, "jitsudod.yaml");
  writeFileSync(
    config,
    [
      "auth:",
      `  oidc_issuer: ${issuer.issuer}`,
      "providers:",
      "  mock:",
      `    state_file: ${journal}`,
      "    max_duration: 4s",
      "    latency_ms: 20",
      "workflow:",
      "  grant_wait: 2s",
      "",
    ].join("\n"),
  );
  return { issuer, db, dir, journal, config };
}

async function start(w: World): Promise<Instance> {
  const port = await freePort();
  const child = spawnJitsudod(["serve", "--config", w.config], {
    JITSUDOD_HTTP_ADDR: `127.0.0.1:${port}`,
    JITSUDOD_DATABASE_URL: w.db.url,
    JITSUDOD_ENCRYPTION_KEY: KEY,
  });
  let err = "";
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jitsudod exited ${child.exitCode}: ${err}`);
    if (
      (await fetch(`${url}/readyz`).then(
        (r) => r.status,
        () => 0,
      )) === 200
    )
      break;
    if (Date.now() > deadline) throw new Error(`jitsudod not ready: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    async kill() {
      const exited = exitOf(child);
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      const exited = exitOf(child);
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const KEY = randomBytes(32).toString("base64");

async function api(w: World, url: string, user: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1alpha1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await w.issuer.token(`${user}@example.com`)}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the raw JSON answer of any route, read field by field in tests
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
}

/** One request flow; returns without throwing when the server dies under it. */
async function flow(w: World, url: string, n: number): Promise<void> {
  const kind = n % 4;
  try {
    const submitted = await api(w, url, "alice", "POST", "/requests", {
      provider: "mock",
      role: kind === 0 ? "read-only" : "admin",
      resource_scope: "sandbox",
      duration_seconds: kind === 0 ? 900 : 3600,
      reason: `fault flow ${n}`,
    });
    const id = submitted.json?.request?.id as string | undefined;
    if (!id || kind === 0) return;
    if (kind === 3) {
      await api(w, url, "alice", "POST", `/requests/${id}/deny`, { reason: "withdrawn" });
      return;
    }
    await api(w, url, "bob", "POST", `/requests/${id}/approve`, { comment: "ok" });
    if (kind === 2) await api(w, url, "alice", "POST", `/requests/${id}/revoke`, { reason: "done" });
  } catch {
    // connection refused or reset: the instance was killed mid-flow
  }
}

/** Keeps `concurrency` flows going against `url` until `stop` resolves. */
async function load(w: World, url: string, stop: Promise<void>, concurrency = 6): Promise<void> {
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stopped) await flow(w, url, n++);
    }),
  );
}

interface RequestRow {
  id: string;
  state: string;
  approved_at: Date | null;
  activated_at: Date | null;
}

async function database<T>(w: World, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: w.db.url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Waits until no request is mid-grant or active and no job is queued. */
async function settle(w: World, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy = await database(w, async (c) => {
      const r = await c.query(
        "select (select count(*) from requests where state in ('APPROVED','ACTIVE'))::int as live, (select count(*) from jobs where kind <> 'pending_timeout')::int as jobs",
      );
      return r.rows[0] as { live: number; jobs: number };
    });
    if (busy.live === 0 && busy.jobs === 0) return;
    if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(busy)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function journalState(path: string) {
  const { existsSync, readFileSync } = require("node:fs") as typeof import("node:fs");
  const state = emptyMockState();
  if (!existsSync(path)) return state;
  for (const line of readFileSync(path, "utf8").split("\n"))
    if (line) applyMockEvent(state, JSON.parse(line) as MockEvent);
  return state;
}

/** The invariants of spec 11's fault test, checked on the database, the audit log and the provider. */
async function checkInvariants(w: World, url: string) {
  const { requests, events } = await database(w, async (c) => ({
    requests: (await c.query("select id, state, approved_at, activated_at from requests"))
      .rows as RequestRow[],
    events: (await c.query("select request_id, action from audit_events where request_id is not null"))
      .rows as {
      request_id: string;
      action: string;
    }[],
  }));
  const actions = new Map<string, string[]>();
  for (const e of events) actions.set(e.request_id, [...(actions.get(e.request_id) ?? []), e.action]);
  const provider = journalState(w.journal);
  const problems: string[] = [];
  const count = (id: string, a: string) => (actions.get(id) ?? []).filter((x) => x === a).length;
  for (const r of requests) {
    const has = (a: string) => count(r.id, a) > 0;
    if (!has("request.created")) problems.push(`${r.id}: no request.created`);
    if (r.state === "APPROVED" || r.state === "ACTIVE") problems.push(`${r.id}: still ${r.state}`);
    if (r.approved_at && !has("request.approved") && !has("request.auto_approved"))
      problems.push(`${r.id}: approved without its event`);
    if (r.activated_at && count(r.id, "grant.issued") !== 1)
      problems.push(`${r.id}: ${count(r.id, "grant.issued")} grant.issued`);
    if (r.state === "EXPIRED" && r.activated_at && !has("grant.expired"))
      problems.push(`${r.id}: EXPIRED without grant.expired`);
    if (r.state === "REVOKED" && !has("request.revoked"))
      problems.push(`${r.id}: REVOKED without request.revoked`);
    if (r.state === "REJECTED" && !has("request.denied") && !has("request.withdrawn"))
      problems.push(`${r.id}: REJECTED without event`);
    if (r.activated_at && count(r.id, "grant.revoked") !== 1)
      problems.push(`${r.id}: ${count(r.id, "grant.revoked")} grant.revoked`);
    if ((provider.created.get(r.id) ?? 0) > 1)
      problems.push(`${r.id}: ${provider.created.get(r.id)} bindings at the provider`);
    if (provider.bindings.has(r.id))
      problems.push(`${r.id} (${r.state}): binding still present at the provider`);
  }
  const verify = await api(w, url, "erin", "GET", "/audit/verify");
  return { problems, requests, verify: verify.json };
}

/** A fresh world (issuer, database, journal) for the enclosing describe block. */
function useWorld(): () => World {
  let w: World | undefined;
  beforeAll(async () => {
    w = await setUp();
  });
  afterAll(async () => {
    if (!w) return;
    await w.issuer.close();
    await w.db.drop();
    rmSync(w.dir, { recursive: true, force: true });
  });
  return () => w as World;
}

describe.runIf(STORE_KINDS.includes("postgres"))("faults on PostgreSQL", () => {
  const world = useWorld();

  it("SIGKILL at random points of many flows loses nothing and leaves no grant behind", async () => {
    const w = world();
    let instance = await start(w);
    await api(w, instance.url, "charlie", "POST", "/policies", {
      name: "elig",
      type: "eligibility",
      rego: ELIGIBILITY,
    });
    await api(w, instance.url, "charlie", "POST", "/policies", {
      name: "appr",
      type: "approval",
      rego: APPROVAL,
    });
    for (let round = 0; round < 6; round++) {
      const current = instance;
      const killAfter = 300 + Math.floor(Math.random() * 1200);
      const killed = new Promise<void>((resolve) => setTimeout(resolve, killAfter)).then(() =>
        current.kill(),
      );
      await load(w, current.url, killed);
      instance = await start(w);
    }
    await settle(w);
    const { problems, requests, verify } = await checkInvariants(w, instance.url);
    await instance.stop();
    expect(requests.length).toBeGreaterThan(20);
    expect(requests.filter((r) => r.activated_at).length).toBeGreaterThan(5);
    expect(problems).toEqual([]);
    expect(verify).toMatchObject({ ok: true, problem: null });
  }, 240_000);
});

describe.runIf(STORE_KINDS.includes("postgres"))("two instances on one PostgreSQL", () => {
  const world = useWorld();

  it("run each job once and keep one linear chain", async () => {
    const w = world();
    const a = await start(w);
    const b = await start(w);
    await api(w, a.url, "charlie", "POST", "/policies", {
      name: "elig",
      type: "eligibility",
      rego: ELIGIBILITY,
    });
    await api(w, b.url, "charlie", "POST", "/policies", { name: "appr", type: "approval", rego: APPROVAL });
    const done = new Promise<void>((r) => setTimeout(r, 4000));
    await Promise.all([load(w, a.url, done, 4), load(w, b.url, done, 4)]);
    await settle(w);
    const { problems, requests, verify } = await checkInvariants(w, b.url);
    const ids = await database(w, async (c) =>
      (await c.query("select id::int from audit_events order by id")).rows.map((r) => r.id as number),
    );
    await Promise.all([a.stop(), b.stop()]);
    expect(requests.filter((r) => r.activated_at).length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    expect(verify).toMatchObject({ ok: true, events_verified: ids.length });
  }, 180_000);
});
