/**
 * The authorization matrix (spec 03 "Who may see and do what", spec 11): every route, called by
 * the requester, an eligible approver, another user, an admin, an auditor and nobody. Each cell
 * acts on a request of its own, so one cell's success cannot change another's answer.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { STORE_KINDS } from "../support/index.js";
import { type TestServer, useTestServer, type TestUser } from "./harness.js";

type Actor = "requester" | "approver" | "other" | "admin" | "auditor" | "none";
const ACTORS: Actor[] = ["requester", "approver", "other", "admin", "auditor", "none"];
const USER: Record<Exclude<Actor, "none">, TestUser> = {
  requester: "alice",
  approver: "dave",
  other: "mallory",
  admin: "charlie",
  auditor: "erin",
};

interface Cell {
  /** Builds the call for this cell (creating what it acts on). */
  call: (s: TestServer) => Promise<{ method: string; path: string; body?: unknown }>;
  /** Expected status for each actor. */
  want: Record<Actor, number>;
}

const submitBody = (role = "admin") => ({
  provider: "mock",
  role,
  resource_scope: "sandbox",
  duration_seconds: 600,
  reason: "authorization matrix",
});

async function pending(s: TestServer, by: TestUser = "alice"): Promise<string> {
  return (await (await s.client(by)).submitRequest(submitBody())).id;
}
async function active(s: TestServer): Promise<string> {
  const r = await (await s.client("alice")).submitRequest(submitBody("read-only"));
  expect(r.state).toBe("ACTIVE");
  return r.id;
}
async function breakGlass(s: TestServer): Promise<string> {
  const r = await (await s.client("bob")).submitRequest({ ...submitBody(), break_glass: true });
  return r.id;
}
async function policyId(s: TestServer): Promise<string> {
  const p = await (await s.client("charlie")).applyPolicy({
    name: `extra-${Math.random().toString(36).slice(2)}`,
    type: "eligibility",
    rego: "package jitsudo.eligibility\nimport rego.v1\ndefault allow := false\n",
  });
  return p.id;
}

const everyone = (status: number): Record<Actor, number> => ({
  requester: status,
  approver: status,
  other: status,
  admin: status,
  auditor: status,
  none: 401,
});
const adminOnly = (status: number): Record<Actor, number> => ({
  requester: 403,
  approver: 403,
  other: 403,
  admin: status,
  auditor: 403,
  none: 401,
});

const MATRIX: Record<string, Cell> = {
  "POST /requests": {
    call: async () => ({ method: "POST", path: "/requests", body: submitBody() }),
    // Eligibility decides: only sre may request, so admins and auditors are refused too.
    want: { requester: 201, approver: 403, other: 403, admin: 403, auditor: 403, none: 401 },
  },
  "GET /requests": { call: async () => ({ method: "GET", path: "/requests" }), want: everyone(200) },
  "GET /requests/{id} (PENDING)": {
    call: async (s) => ({ method: "GET", path: `/requests/${await pending(s)}` }),
    want: { requester: 200, approver: 200, other: 404, admin: 200, auditor: 200, none: 401 },
  },
  "GET /requests/{id} (ACTIVE)": {
    call: async (s) => ({ method: "GET", path: `/requests/${await active(s)}` }),
    want: { requester: 200, approver: 404, other: 404, admin: 200, auditor: 200, none: 401 },
  },
  "POST /requests/{id}/approve": {
    call: async (s) => ({ method: "POST", path: `/requests/${await pending(s)}/approve`, body: {} }),
    // Admins approve only when an approval policy allows them; they can read it, so 403, not 404.
    want: { requester: 403, approver: 200, other: 404, admin: 403, auditor: 403, none: 401 },
  },
  "POST /requests/{id}/deny": {
    call: async (s) => ({
      method: "POST",
      path: `/requests/${await pending(s)}/deny`,
      body: { reason: "no" },
    }),
    // The requester's deny is a withdrawal.
    want: { requester: 200, approver: 200, other: 404, admin: 403, auditor: 403, none: 401 },
  },
  "POST /requests/{id}/revoke": {
    call: async (s) => ({ method: "POST", path: `/requests/${await active(s)}/revoke`, body: {} }),
    want: { requester: 200, approver: 404, other: 404, admin: 200, auditor: 403, none: 401 },
  },
  "GET /requests/{id}/credentials": {
    call: async (s) => ({ method: "GET", path: `/requests/${await active(s)}/credentials` }),
    want: { requester: 200, approver: 404, other: 404, admin: 403, auditor: 403, none: 401 },
  },
  "POST /requests/{id}/review": {
    // A break-glass request of bob's: alice is not its requester here.
    call: async (s) => ({
      method: "POST",
      path: `/requests/${await breakGlass(s)}/review`,
      body: { comment: "ok" },
    }),
    want: { requester: 404, approver: 404, other: 404, admin: 200, auditor: 403, none: 401 },
  },
  "GET /policies": { call: async () => ({ method: "GET", path: "/policies" }), want: everyone(200) },
  "GET /policies/{id}": {
    call: async (s) => ({ method: "GET", path: `/policies/${await policyId(s)}` }),
    want: everyone(200),
  },
  "POST /policies:eval": {
    call: async () => ({
      method: "POST",
      path: "/policies:eval",
      body: { input: { user: { groups: ["sre"] } } },
    }),
    want: everyone(200),
  },
  "POST /policies": {
    call: async () => ({
      method: "POST",
      path: "/policies",
      body: {
        name: `m-${Math.random().toString(36).slice(2)}`,
        type: "approval",
        rego: "package jitsudo.approval\nimport rego.v1\ndefault allow := false\n",
      },
    }),
    want: adminOnly(200),
  },
  "DELETE /policies/{id}": {
    call: async (s) => ({ method: "DELETE", path: `/policies/${await policyId(s)}` }),
    want: adminOnly(204),
  },
  "POST /admin/reload-policies": {
    call: async () => ({ method: "POST", path: "/admin/reload-policies" }),
    want: adminOnly(200),
  },
  "GET /audit": { call: async () => ({ method: "GET", path: "/audit" }), want: everyone(200) },
  "GET /audit/verify": {
    call: async () => ({ method: "GET", path: "/audit/verify" }),
    want: { requester: 403, approver: 403, other: 403, admin: 200, auditor: 200, none: 401 },
  },
  "GET /principals": { call: async () => ({ method: "GET", path: "/principals" }), want: adminOnly(200) },
  "GET /principals/{identity}": {
    call: async (s) => {
      await pending(s); // alice exists as a principal once she has submitted
      return { method: "GET", path: "/principals/alice%40example.com" };
    },
    want: { requester: 200, approver: 403, other: 403, admin: 200, auditor: 403, none: 401 },
  },
  "PUT /principals/{identity}/trust-tier": {
    call: async () => ({
      method: "PUT",
      path: "/principals/alice%40example.com/trust-tier",
      body: { trust_tier: 1 },
    }),
    want: adminOnly(200),
  },
  "GET /whoami": { call: async () => ({ method: "GET", path: "/whoami" }), want: everyone(200) },
};

describe.each(STORE_KINDS)("authorization matrix on %s", (kind) => {
  const server = useTestServer(kind);
  let s: TestServer;
  beforeAll(() => {
    s = server();
  });

  it("covers every API route", async () => {
    const { ROUTES } = await import("@jitsudo/client");
    const covered = new Set(Object.keys(MATRIX).map((k) => k.replace(/ \(.*\)$/, "")));
    const all = Object.values(ROUTES).map((r) => `${r.method} ${r.path}`);
    expect(all.filter((r) => !covered.has(r))).toEqual([]);
  });

  for (const [route, cell] of Object.entries(MATRIX)) {
    it(route, async () => {
      const got: Partial<Record<Actor, number>> = {};
      for (const actor of ACTORS) {
        const c = await cell.call(s);
        const res = await s.call(c.method, `/api/v1alpha1${c.path}`, {
          user: actor === "none" ? undefined : USER[actor],
          body: c.body,
        });
        got[actor] = res.status;
        if (res.status >= 400) {
          expect(res.contentType, `${actor}: ${res.text}`).toContain("application/problem+json");
          expect(res.json.status).toBe(res.status);
        }
      }
      expect(got).toEqual(cell.want);
    });
  }

  it("shows each caller only what they may read, in lists and in the audit log", async () => {
    const mine = await pending(s, "alice");
    const list = async (u: TestUser, q = "") =>
      (await s.call("GET", `/api/v1alpha1/requests${q}`, { user: u })).json.requests as {
        id: string;
        requester_identity: string;
        state: string;
      }[];
    expect((await list("alice")).every((r) => r.requester_identity === "alice@example.com")).toBe(true);
    expect((await list("mallory")).length).toBe(0);
    const forDave = await list("dave");
    expect(forDave.map((r) => r.id)).toContain(mine);
    expect(forDave.every((r) => r.state === "PENDING")).toBe(true);
    expect((await list("erin")).length).toBeGreaterThan(forDave.length);

    const events = async (u: TestUser) =>
      (await s.call("GET", "/api/v1alpha1/audit?page_size=1000", { user: u })).json.events as {
        request_id: string | null;
      }[];
    const aliceIds = new Set(
      (await list("erin")).filter((r) => r.requester_identity === "alice@example.com").map((r) => r.id),
    );
    const aliceEvents = await events("alice");
    expect(aliceEvents.length).toBeGreaterThan(0);
    expect(aliceEvents.every((e) => e.request_id !== null && aliceIds.has(e.request_id))).toBe(true);
    expect(await events("mallory")).toEqual([]);
    expect((await events("erin")).some((e) => e.request_id === null)).toBe(true);
  });
});
