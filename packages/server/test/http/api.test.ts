/** The API end to end over HTTP with the typed client (whose zod schemas check every answer). */
import { ApiError } from "@jitsudo/client";
import { beforeAll, describe, expect, it } from "vitest";
import { STORE_KINDS } from "../support/index.js";
import { type TestServer, useTestServer } from "./harness.js";

const body = (patch: Record<string, unknown> = {}) => ({
  provider: "mock",
  role: "admin",
  resource_scope: "sandbox",
  duration_seconds: 3600,
  reason: "INC-4421 investigation",
  ...patch,
});

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return err;
}

describe.each(STORE_KINDS)("HTTP API on %s", (kind) => {
  const server = useTestServer(kind);
  let s: TestServer;
  beforeAll(() => {
    s = server();
  });

  it("runs the human-approval flow: submit, approve, read credentials, revoke, verify the chain", async () => {
    const alice = await s.client("alice");
    const bob = await s.client("bob");
    const submitted = await alice.submitRequest(body({ metadata: { ticket: "INC-4421" } }));
    expect(submitted).toMatchObject({
      state: "PENDING",
      approver_tier: "human",
      approver_groups: ["sre-leads"],
    });

    const approved = await bob.approveRequest(submitted.id, { comment: "go" });
    expect(approved).toMatchObject({
      state: "ACTIVE",
      approver_identity: "bob@example.com",
      approver_comment: "go",
    });

    const grant = await alice.readCredentials(submitted.id, { purpose: "exec", command: "aws" });
    expect(grant.credentials.map((c) => c.name)).toEqual(["MOCK_ACCESS_KEY", "MOCK_SESSION_TOKEN"]);
    expect((await apiError(bob.readCredentials(submitted.id))).status).toBe(404);

    const revoked = await alice.revokeRequest(submitted.id, { reason: "done" });
    expect(revoked.state).toBe("REVOKED");
    const after = await apiError(alice.readCredentials(submitted.id));
    expect(after).toMatchObject({ status: 409, code: "wrong_state" });

    const admin = await s.client("charlie");
    const events = await admin.queryAudit({ request_id: submitted.id, order: "asc" });
    expect(events.events.map((e) => e.action).slice(0, 5)).toEqual([
      "request.created",
      "request.approved",
      "grant.issued",
      "grant.credentials_read",
      "request.revoked",
    ]);
    await expect
      .poll(async () => (await admin.queryAudit({ request_id: submitted.id })).events.map((e) => e.action))
      .toContain("grant.revoked");
    expect(await admin.verifyAudit()).toMatchObject({ ok: true, first_bad_id: null, problem: null });
  });

  it("auto-approves by policy and answers ACTIVE at once (201)", async () => {
    const res = await s.call("POST", "/api/v1alpha1/requests", {
      user: "alice",
      body: body({ role: "read-only", duration_seconds: 900 }),
    });
    expect(res.status).toBe(201);
    expect(res.json.request).toMatchObject({
      state: "ACTIVE",
      approver_tier: "auto",
      approver_identity: "policy",
    });
  });

  it("records each approval before the last and says how many are needed", async () => {
    const r = await (await s.client("alice")).submitRequest(body({ role: "two-person" }));
    const first = await (await s.client("bob")).approveRequest(r.id);
    expect(first).toMatchObject({ state: "PENDING", approvals: 1, required_approvals: 2 });
    const second = await (await s.client("dave")).approveRequest(r.id);
    expect(second).toMatchObject({ state: "ACTIVE", approvals: 2 });
  });

  it("refuses an ineligible request with 403 not_eligible and the policy's reason", async () => {
    const err = await apiError((await s.client("mallory")).submitRequest(body()));
    expect(err).toMatchObject({
      status: 403,
      code: "not_eligible",
      detail: "only sre may request mock roles",
    });
  });

  it("long-polls GET /requests/{id} until the state differs from known_state", async () => {
    const alice = await s.client("alice");
    const r = await alice.submitRequest(body());
    setTimeout(() => void s.client("bob").then((bob) => bob.approveRequest(r.id)), 300);
    const t0 = Date.now();
    const seen = await alice.getRequest(r.id, { wait_seconds: 10, known_state: "PENDING" });
    expect(seen.state).toBe("ACTIVE");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(Date.now() - t0).toBeLessThan(5000);
    const t1 = Date.now();
    await alice.getRequest(r.id, { wait_seconds: 1, known_state: "ACTIVE" });
    expect(Date.now() - t1).toBeGreaterThanOrEqual(900);
  });

  it("pages through requests with opaque keyset tokens", async () => {
    const erin = await s.client("erin");
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await erin.listRequests({ page_size: 2, ...(token ? { page_token: token } : {}) });
      seen.push(...page.requests.map((r) => r.id));
      token = page.next_page_token ?? undefined;
    } while (token);
    expect(seen.length).toBeGreaterThan(3);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("manages policies: apply with a compile error (422 with line and column), dry-run, delete", async () => {
    const admin = await s.client("charlie");
    const bad = await apiError(
      admin.applyPolicy({
        name: "broken",
        type: "eligibility",
        rego: "package jitsudo.eligibility\nallow if {\n",
      }),
    );
    expect(bad).toMatchObject({ status: 422, code: "policy_error" });
    expect(bad.detail).toMatch(/broken\.rego:\d+:\d+/);
    const wrongPackage = await apiError(
      admin.applyPolicy({
        name: "misfiled",
        type: "approval",
        rego: "package jitsudo.eligibility\ndefault allow := false\n",
      }),
    );
    expect(wrongPackage.detail).toContain("jitsudo.approval");
    expect((await admin.listPolicies()).map((p) => p.name)).not.toContain("broken");

    const alice = await s.client("alice");
    const dry = await alice.evalPolicy({
      input: { user: { groups: ["sre"] }, request: { provider: "mock", break_glass: false } },
    });
    expect(dry).toMatchObject({ allowed: true, results: [{ policy: "sre-eligibility", allowed: true }] });
    const unsaved = await alice.evalPolicy({
      type: "POLICY_TYPE_ELIGIBILITY",
      input: {},
      rego: 'package jitsudo.eligibility\nimport rego.v1\ndefault allow := false\ndefault reason := "nope"\n',
    });
    expect(unsaved).toMatchObject({ allowed: false, reason: "nope" });

    const temp = await admin.applyPolicy({
      name: "temp",
      type: "approval",
      rego: "package jitsudo.approval\nimport rego.v1\ndefault allow := false\n",
      enabled: false,
    });
    expect((await admin.getPolicy(temp.id)).rego).toContain("package jitsudo.approval");
    await admin.deletePolicy(temp.id);
    expect((await apiError(admin.getPolicy(temp.id))).status).toBe(404);
    expect((await admin.reloadPolicies()).policies_loaded).toBe(2);
  });

  it("sets trust tiers (audited) and reports them in whoami", async () => {
    const admin = await s.client("charlie");
    await (await s.client("bob")).whoami();
    const p = await admin.setTrustTier("bob@example.com", { trust_tier: 3, notes: "on-call lead" });
    expect(p).toMatchObject({
      identity: "bob@example.com",
      trust_tier: 3,
      enrolled_by: "charlie@example.com",
    });
    expect(await (await s.client("bob")).whoami()).toEqual({
      identity: "bob@example.com",
      groups: ["sre", "sre-leads"],
      admin: false,
      auditor: false,
      trust_tier: 3,
    });
    const ev = await admin.queryAudit({ action: "principal.trust_tier_set" });
    expect(JSON.parse(ev.events[0].details_json)).toMatchObject({
      identity: "bob@example.com",
      trust_tier: 3,
    });
    const listed = await admin.listPrincipals();
    expect(listed.principals.map((x) => x.identity)).toContain("bob@example.com");
  });

  it("lists unreviewed break-glass requests until an admin reviews them", async () => {
    const bg = await (await s.client("bob")).submitRequest(body({ break_glass: true }));
    expect(bg.state).toBe("ACTIVE");
    const admin = await s.client("charlie");
    expect((await admin.listRequests({ break_glass: true })).requests.map((r) => r.id)).toContain(bg.id);
    const reviewed = await admin.reviewRequest(bg.id, { comment: "justified: INC-9" });
    expect(reviewed.reviewed_by).toBe("charlie@example.com");
    expect((await admin.listRequests({ break_glass: true })).requests.map((r) => r.id)).not.toContain(bg.id);
  });
});
