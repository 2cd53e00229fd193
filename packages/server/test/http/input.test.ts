/**
 * Bad input (spec 02 "Limits", spec 11 "Security"): over-long, malformed and unexpected values in
 * every field get 400 problem+json naming the field — never a 500 — and SQL metacharacters are
 * stored and returned as the text they are.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { STORE_KINDS } from "../support/index.js";
import { type TestServer, useTestServer, type TestUser } from "./harness.js";

const API = "/api/v1alpha1";
const valid = {
  provider: "mock",
  role: "admin",
  resource_scope: "sandbox",
  duration_seconds: 600,
  reason: "INC-1",
};
const long = (n: number) => "x".repeat(n);
const SQL_TEXT = `'; DROP TABLE requests; -- "quoted" \\ %_ $1 \u0000`.replace("\u0000", "");

describe.each(STORE_KINDS)("input validation on %s", (kind) => {
  const server = useTestServer(kind);
  let s: TestServer;
  beforeAll(() => {
    s = server();
  });

  const expect400 = async (
    method: string,
    path: string,
    field: string,
    o: { user?: TestUser; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ) => {
    const res = await s.call(method, `${API}${path}`, { user: "alice", ...o });
    expect(res.status, res.text).toBe(400);
    expect(res.contentType).toContain("application/problem+json");
    expect(res.json).toMatchObject({ status: 400, code: "invalid_argument" });
    expect(res.json.detail).toContain(field);
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+|SELECT|INSERT/);
  };

  it.each([
    ["provider", { provider: "" }],
    ["provider", { provider: "AWS!" }],
    ["role", { role: long(257) }],
    ["role", { role: 7 }],
    ["resource_scope", { resource_scope: long(257) }],
    ["reason", { reason: long(2001) }],
    ["duration_seconds", { duration_seconds: 59 }],
    ["duration_seconds", { duration_seconds: 1.5 }],
    ["duration_seconds", { duration_seconds: "600" }],
    ["duration_seconds", { duration_seconds: 12 * 3600 + 1 }],
    ["break_glass", { break_glass: "yes" }],
    ["metadata", { metadata: { k: { nested: true } } }],
    ["metadata", { metadata: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"])) }],
    ["unexpected", { unexpected: 1 }],
  ])("POST /requests: %s %j", async (field, patch) => {
    await expect400("POST", "/requests", field, { body: { ...valid, ...patch } });
  });

  it.each([
    ["NUL", "\u0000"],
    ["a lone surrogate", "\ud800"],
  ])("refuses body text with %s (PostgreSQL cannot store it)", async (_, bad) => {
    await expect400("POST", "/requests", "reason", { body: { ...valid, reason: `INC-1 ${bad}` } });
    await expect400("POST", "/requests", "metadata", { body: { ...valid, metadata: { [`k${bad}`]: "v" } } });
  });

  it("refuses NUL in the query and the path", async () => {
    await expect400("GET", "/audit?actor_identity=a%00", "actor_identity", { user: "erin" });
    await expect400("GET", "/requests/req_%00", "id", {});
  });

  it("names each missing required field", async () => {
    await expect400("POST", "/requests", "role", { body: { provider: "mock" } });
    await expect400("POST", "/requests", "duration_seconds", { body: { provider: "mock" } });
  });

  it("refuses bodies that are not JSON, not an object, or too large", async () => {
    await expect400("POST", "/requests", "body", { rawBody: "{not json" });
    await expect400("POST", "/requests", "body", { rawBody: "[1,2]" });
    await expect400("POST", "/requests", "body", {
      rawBody: "x=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    await expect400("POST", "/requests", "1 MiB", {
      rawBody: JSON.stringify({ ...valid, reason: long(1_100_000) }),
    });
  });

  it.each([
    ["/requests?page_size=0", "page_size"],
    ["/requests?page_size=abc", "page_size"],
    ["/requests?page_size=501", "page_size"],
    ["/requests?state=BOGUS", "state"],
    ["/requests?mine=maybe", "mine"],
    ["/requests?page_token=%25%25%25", "page_token"],
    ["/requests?colour=blue", "colour"],
    ["/audit?page_size=1001", "page_size"],
    ["/audit?since=yesterday", "since"],
    ["/audit?order=sideways", "order"],
    ["/audit?page_token=bogus", "page_token"],
    ["/requests/req_X?wait_seconds=61", "wait_seconds"],
    ["/requests/req_X/credentials?purpose=steal", "purpose"],
  ])("GET %s", async (path, field) => {
    const user: TestUser = path.startsWith("/audit") ? "erin" : "alice";
    await expect400("GET", path, field, { user });
  });

  it("accepts the long state names on input", async () => {
    const res = await s.call("GET", `${API}/requests?state=REQUEST_STATE_PENDING`, { user: "erin" });
    expect(res.status).toBe(200);
  });

  it.each([
    ["/policies", "name", { name: "bad name!", type: "eligibility", rego: "package jitsudo.eligibility" }],
    ["/policies", "type", { name: "p", type: "routing", rego: "package jitsudo.eligibility" }],
    ["/policies", "rego", { name: "p", type: "eligibility", rego: long(256 * 1024 + 1) }],
    ["/policies:eval", "input", { input: [1, 2] }],
    ["/requests/req_X/deny", "reason", { reason: "   " }],
    ["/requests/req_X/approve", "comment", { comment: long(2001) }],
  ])("POST %s: %s", async (path, field, body) => {
    await expect400("POST", path, field, { user: "charlie", body });
  });

  it("validates trust tiers", async () => {
    for (const trust_tier of [-1, 5, 2.5, "3"]) {
      await expect400("PUT", "/principals/alice%40example.com/trust-tier", "trust_tier", {
        user: "charlie",
        body: { trust_tier },
      });
    }
  });

  it("answers unknown routes and unknown requests with problem+json 404", async () => {
    const route = await s.call("GET", `${API}/nope`, { user: "alice" });
    expect(route.status).toBe(404);
    expect(route.json.code).toBe("not_found");
    const request = await s.call("GET", `${API}/requests/req_01HNOTTHERE00000000000000`, { user: "alice" });
    expect(request.status).toBe(404);
    expect(request.json.detail).toContain("req_01HNOTTHERE00000000000000");
  });

  it("stores SQL metacharacters in every string field as plain text", async () => {
    const res = await s.call("POST", `${API}/requests`, {
      user: "alice",
      body: { ...valid, resource_scope: SQL_TEXT, reason: SQL_TEXT, metadata: { [SQL_TEXT]: SQL_TEXT } },
    });
    expect(res.status, res.text).toBe(201);
    const id = res.json.request.id as string;
    const read = await s.call("GET", `${API}/requests/${id}`, { user: "alice" });
    expect(read.json.request).toMatchObject({
      resource_scope: SQL_TEXT,
      reason: SQL_TEXT,
      metadata: { [SQL_TEXT]: SQL_TEXT },
    });
    const denied = await s.call("POST", `${API}/requests/${id}/deny`, {
      user: "alice",
      body: { reason: SQL_TEXT },
    });
    expect(denied.json.request.approver_comment).toBe(SQL_TEXT);
    for (const q of [`requester_identity=${encodeURIComponent(SQL_TEXT)}`, `provider=x'or'1'='1`]) {
      const list = await s.call("GET", `${API}/requests?${q}`, { user: "erin" });
      expect([200, 400]).toContain(list.status);
      if (list.status === 200) expect(list.json.requests).toEqual([]);
    }
    const audit = await s.call("GET", `${API}/audit?actor_identity=${encodeURIComponent(SQL_TEXT)}`, {
      user: "erin",
    });
    expect(audit.status).toBe(200);
    expect(audit.json.events).toEqual([]);
    const byName = await s.call("POST", `${API}/policies`, {
      user: "charlie",
      body: {
        name: "x",
        type: "eligibility",
        rego: `package jitsudo.eligibility\n# ${SQL_TEXT}\ndefault allow := false\n`,
        description: SQL_TEXT,
      },
    });
    expect(byName.status).toBe(200);
    expect(
      (await s.call("GET", `${API}/policies/${byName.json.policy.id}`, { user: "alice" })).json.policy
        .description,
    ).toBe(SQL_TEXT);
    expect((await s.call("GET", `${API}/audit/verify`, { user: "erin" })).json.ok).toBe(true);
  });
});
