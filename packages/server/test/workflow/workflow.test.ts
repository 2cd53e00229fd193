import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import { jobs } from "../../src/store/schema.js";
import type { SubmitInput } from "../../src/workflow/index.js";
import { alice, bob, charlie, dave, erin, mallory } from "./fixtures.js";
import { createHarness, eventually, type Harness, type HarnessOptions, STORE_KINDS } from "./harness.js";

const mockRequest = (patch: Partial<SubmitInput> = {}): SubmitInput => ({
  provider: "mock",
  role: "admin",
  resource_scope: "sandbox",
  duration_seconds: 3600,
  reason: "INC-1 investigation",
  ...patch,
});

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe.each(STORE_KINDS)("workflow on %s", (kind) => {
  let h: Harness;
  const open = async (opts?: HarnessOptions) => {
    h = await createHarness(kind, opts);
    return h;
  };
  afterEach(async () => {
    if (h) expect(await h.chainOk()).toBe(true);
    await h?.close();
  });

  describe("submission", () => {
    it("creates a PENDING request with a req_ULID id and audits request.created", async () => {
      await open();
      const r = await h.service.submit(alice, mockRequest({ metadata: { ticket: "INC-1" } }));
      expect(r.id).toMatch(/^req_[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(r).toMatchObject({
        state: "PENDING",
        requester_identity: "alice@example.com",
        approver_tier: "human",
        break_glass: false,
        metadata: { ticket: "INC-1" },
        approver_identity: null,
        expires_at: null,
      });
      const [created] = await h.events(r.id);
      expect(created.action).toBe("request.created");
      expect(created.actorIdentity).toBe("alice@example.com");
      expect(JSON.parse(created.detailsJson)).toEqual({
        provider: "mock",
        role: "admin",
        resource_scope: "sandbox",
        duration_seconds: 3600,
        reason: "INC-1 investigation",
        break_glass: false,
        approver_tier: "human",
        required_approvals: 1,
      });
      expect((await h.principals.get(alice, "alice@example.com")).trust_tier).toBe(0);
    });

    it("refuses an ineligible requester with 403 not_eligible and audits the denial", async () => {
      await open();
      const err = await failure(h.service.submit(mallory, mockRequest()));
      expect(err.code).toBe("not_eligible");
      expect(err.detail).toBe("only sre may request mock roles");
      const denied = await h.store.db.query.auditEvents.findFirst({
        where: (e, { eq }) => eq(e.action, "request.denied_by_policy"),
      });
      expect(denied?.outcome).toBe("failure");
      expect(denied?.actorIdentity).toBe("mallory@example.com");
      expect(JSON.parse(denied?.detailsJson ?? "{}").reasons).toEqual(["only sre may request mock roles"]);
    });

    it.each([
      [{ duration_seconds: 59 }, "duration_seconds"],
      [{ duration_seconds: 12 * 3600 + 1 }, "duration_seconds"],
      [{ provider: "aws" }, "provider"],
      [{ role: "" }, "role"],
    ])("rejects %j with 400 naming the field", async (patch, field) => {
      await open();
      const err = await failure(h.service.submit(alice, mockRequest(patch)));
      expect(err.code).toBe("invalid_argument");
      expect(err.detail).toContain(field);
    });

    it("auto-approves as approver policy (actor system) and answers ACTIVE", async () => {
      await open();
      const r = await h.service.submit(alice, mockRequest({ role: "read-only", duration_seconds: 900 }));
      expect(r).toMatchObject({ state: "ACTIVE", approver_tier: "auto", approver_identity: "policy" });
      expect(await h.actions(r.id)).toEqual(["request.created", "request.auto_approved", "grant.issued"]);
      const auto = (await h.events(r.id))[1];
      expect(auto.actorIdentity).toBe("system");
      expect(JSON.parse(auto.detailsJson).approver).toBe("policy");
    });

    it("lets a policy-allowed requester break glass: APPROVED by break-glass, then ACTIVE", async () => {
      await open();
      const r = await h.service.submit(bob, mockRequest({ break_glass: true }));
      expect(r).toMatchObject({ state: "ACTIVE", break_glass: true, approver_identity: "break-glass" });
      expect(await h.actions(r.id)).toEqual(["request.created", "request.approved", "grant.issued"]);
      expect((await h.events(r.id))[1].actorIdentity).toBe("bob@example.com");
      const err = await failure(h.service.submit(alice, mockRequest({ break_glass: true })));
      expect(err.code).toBe("not_eligible");
    });

    it("routes ai_review requests and escalates them to human after the timeout", async () => {
      await open({ config: { aiReviewTimeoutMs: 300 } });
      const r = await h.service.submit(alice, mockRequest({ role: "ai-reviewed" }));
      expect(r.approver_tier).toBe("ai_review");
      const after = await eventually(
        () => h.service.get(alice, r.id),
        (v) => v.approver_tier === "human",
      );
      expect(after).toMatchObject({ state: "PENDING", approver_tier: "human" });
      const escalated = (await h.events(r.id)).find((e) => e.action === "request.ai_escalated");
      expect(escalated?.actorIdentity).toBe("system");
    });
  });

  describe("approval", () => {
    it("approves, grants inline and serves credentials to the requester only", async () => {
      await open();
      const pending = await h.service.submit(alice, mockRequest());
      const r = await h.service.approve(bob, pending.id, "ok for INC-1");
      expect(r).toMatchObject({
        state: "ACTIVE",
        approver_identity: "bob@example.com",
        approver_comment: "ok for INC-1",
      });
      const approvedAt = Date.parse(r.approved_at ?? "");
      expect(Date.parse(r.expires_at ?? "")).toBeLessThanOrEqual(approvedAt + 3600 * 1000);
      const grant = await h.service.credentials(alice, r.id, { purpose: "exec", command: "aws s3 ls" });
      expect(grant.credentials).toEqual([
        { name: "MOCK_ACCESS_KEY", value: `mock-access-key-${r.id}` },
        { name: "MOCK_SESSION_TOKEN", value: `mock-session-token-${r.id}` },
      ]);
      expect(grant.expires_at).toBe(r.expires_at);
      const read = (await h.events(r.id)).find((e) => e.action === "grant.credentials_read");
      expect(JSON.parse(read?.detailsJson ?? "{}")).toMatchObject({ purpose: "exec", command: "aws" });
      expect((await failure(h.service.credentials(charlie, r.id))).code).toBe("permission_denied");
      expect((await failure(h.service.credentials(bob, r.id))).code).toBe("not_found");
      expect(await h.actions(r.id)).toEqual([
        "request.created",
        "request.approved",
        "grant.issued",
        "grant.credentials_read",
      ]);
    });

    it("never lets the requester approve their own request, whatever the policy says", async () => {
      await open();
      const r = await h.service.submit(bob, mockRequest());
      const err = await failure(h.service.approve(bob, r.id));
      expect(err.code).toBe("permission_denied");
      expect((await h.service.get(bob, r.id)).state).toBe("PENDING");
    });

    it("hides the request from non-approvers (404) and refuses admins the policy does not allow (403)", async () => {
      await open();
      const r = await h.service.submit(alice, mockRequest());
      expect((await failure(h.service.approve(mallory, r.id))).code).toBe("not_found");
      expect((await failure(h.service.get(mallory, r.id))).code).toBe("not_found");
      expect((await failure(h.service.approve(charlie, r.id))).code).toBe("permission_denied");
      expect((await failure(h.service.deny(erin, r.id, "no"))).code).toBe("permission_denied");
      expect((await h.service.get(erin, r.id)).id).toBe(r.id);
      expect((await h.service.get(dave, r.id)).id).toBe(r.id);
      expect((await failure(h.service.get(alice, "req_01HNOTTHERE00000000000000"))).code).toBe("not_found");
    });

    it("needs two distinct approvers when a policy says required_approvals 2", async () => {
      await open();
      const r = await h.service.submit(alice, mockRequest({ role: "two-person" }));
      const first = await h.service.approve(bob, r.id, "one");
      expect(first.state).toBe("PENDING");
      expect((await failure(h.service.approve(bob, r.id))).code).toBe("wrong_state");
      const second = await h.service.approve(dave, r.id, "two");
      expect(second).toMatchObject({ state: "ACTIVE", approver_identity: "dave@example.com" });
      const recorded = (await h.events(r.id)).find((e) => e.action === "request.approval_recorded");
      expect(JSON.parse(recorded?.detailsJson ?? "{}")).toMatchObject({
        approvals: 1,
        required_approvals: 2,
      });
    });

    it("lets exactly one of two racing approvers win; the other gets 409", async () => {
      await open();
      const r = await h.service.submit(alice, mockRequest());
      const results = await Promise.allSettled([h.service.approve(bob, r.id), h.service.approve(dave, r.id)]);
      const won = results.filter((x) => x.status === "fulfilled");
      const lost = results.filter((x) => x.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(((lost[0] as PromiseRejectedResult).reason as AppError).code).toBe("wrong_state");
      expect((await h.actions(r.id)).filter((a) => a === "request.approved")).toHaveLength(1);
      expect(h.mock.bindingsCreated(r.id)).toBe(1);
    });

    it("answers 409 when approving a request that is no longer PENDING", async () => {
      await open();
      const r = await h.service.submit(alice, mockRequest());
      await h.service.approve(bob, r.id);
      const err = await failure(h.service.approve(dave, r.id));
      expect(err.code).toBe("wrong_state");
      expect(err.detail).toContain("ACTIVE");
    });
  });

  it("drops a request's pending and AI-review timeouts once it is decided", async () => {
    await open();
    const timeouts = async (id: string) =>
      (await h.store.db.select().from(jobs))
        .filter(
          (j) => (j.payload as { request_id?: string }).request_id === id && j.kind.endsWith("_timeout"),
        )
        .map((j) => j.kind)
        .sort();
    const human = await h.service.submit(alice, mockRequest());
    const ai = await h.service.submit(alice, mockRequest({ role: "ai-reviewed" }));
    expect(await timeouts(human.id)).toEqual(["pending_timeout"]);
    expect(await timeouts(ai.id)).toEqual(["ai_review_timeout", "pending_timeout"]);
    await h.service.approve(bob, human.id);
    await h.service.aiDeny("mcp-agent", ai.id, "no incident open");
    expect(await timeouts(human.id)).toEqual([]);
    expect(await timeouts(ai.id)).toEqual([]);
  });

  describe("AI review decisions", () => {
    it("an agent approves only PENDING ai_review requests, recorded with its reasoning", async () => {
      await open();
      const human = await h.service.submit(alice, mockRequest());
      expect((await failure(h.service.aiApprove("mcp-agent", human.id, "looks fine"))).code).toBe(
        "wrong_state",
      );
      const r = await h.service.submit(alice, mockRequest({ role: "ai-reviewed" }));
      expect((await failure(h.service.aiApprove("mcp-agent", r.id, " "))).code).toBe("invalid_argument");
      const approved = await h.service.aiApprove(
        "mcp-agent",
        r.id,
        "ticket INC-1 is open and assigned to alice",
      );
      expect(approved).toMatchObject({
        state: "ACTIVE",
        approver_identity: "mcp-agent",
        ai_reasoning: "ticket INC-1 is open and assigned to alice",
      });
      const ev = (await h.events(r.id)).find((e) => e.action === "request.ai_approved");
      expect(ev?.actorIdentity).toBe("mcp-agent");
    });

    it("an agent denies, or escalates to humans who then decide", async () => {
      await open();
      const denied = await h.service.submit(alice, mockRequest({ role: "ai-reviewed" }));
      expect((await h.service.aiDeny("mcp-agent", denied.id, "no incident open")).state).toBe("REJECTED");
      const r = await h.service.submit(alice, mockRequest({ role: "ai-reviewed" }));
      const escalated = await h.service.aiEscalate("mcp-agent", r.id, "unusual hour", "deny");
      expect(escalated).toMatchObject({
        state: "PENDING",
        approver_tier: "human",
        ai_reasoning: "unusual hour",
      });
      expect((await failure(h.service.aiApprove("mcp-agent", r.id, "x"))).code).toBe("wrong_state");
      expect((await h.service.approve(bob, r.id)).state).toBe("ACTIVE");
    });
  });

  describe("deny and withdraw", () => {
    it("an approver denies with a reason → REJECTED (request.denied)", async () => {
      await open();
      const r = await h.service.submit(alice, mockRequest());
      expect((await failure(h.service.deny(bob, r.id, "  "))).code).toBe("invalid_argument");
      const denied = await h.service.deny(bob, r.id, "not during the freeze");
      expect(denied).toMatchObject({ state: "REJECTED", approver_identity: "bob@example.com" });
      const ev = (await h.events(r.id)).at(-1);
      expect(ev?.action).toBe("request.denied");
      expect(JSON.parse(ev?.detailsJson ?? "{}").reason).toBe("not during the freeze");
      // Another approver the policy allows learns why it can no longer approve; others see nothing.
      expect((await failure(h.service.approve(dave, r.id))).detail).toContain("REJECTED");
      expect((await failure(h.service.approve(mallory, r.id))).code).toBe("not_found");
    });

    it("the requester withdraws their own PENDING request (request.withdrawn), not an ACTIVE one", async () => {
      await open();
      const r = await h.service.submit(alice, mockRequest());
      const w = await h.service.deny(alice, r.id, "not needed");
      expect(w.state).toBe("REJECTED");
      expect((await h.actions(r.id)).at(-1)).toBe("request.withdrawn");
      const active = await h.service.submit(alice, mockRequest({ role: "read-only", duration_seconds: 600 }));
      expect((await failure(h.service.deny(alice, active.id, "x"))).code).toBe("wrong_state");
    });
  });

  describe("revoke", () => {
    it("revokes an ACTIVE grant: REVOKED at once, credentials erased and refused, provider revoked", async () => {
      await open();
      const r = await h.service.submit(alice, mockRequest({ role: "read-only", duration_seconds: 600 }));
      expect(await h.hasCredentialsRow(r.id)).toBe(true);
      const revoked = await h.service.revoke(alice, r.id, "done");
      expect(revoked.state).toBe("REVOKED");
      expect(revoked.ended_at).not.toBeNull();
      expect(await h.hasCredentialsRow(r.id)).toBe(false);
      expect((await failure(h.service.credentials(alice, r.id))).code).toBe("wrong_state");
      await eventually(
        () => h.actions(r.id),
        (a) => a.includes("grant.revoked"),
      );
      expect(h.mock.wasRevoked(r.id)).toBe(true);
      const ev = (await h.events(r.id)).find((e) => e.action === "grant.revoked");
      expect(ev?.actorIdentity).toBe("system");
      expect(JSON.parse(ev?.detailsJson ?? "{}").trigger).toBe("revoke");
      expect((await h.service.revoke(alice, r.id)).state).toBe("REVOKED");
      expect((await h.actions(r.id)).filter((a) => a === "request.revoked")).toHaveLength(1);
    });

    it("refuses PENDING and REJECTED (409), strangers (404) and auditors (403); admins may revoke", async () => {
      await open();
      const pending = await h.service.submit(alice, mockRequest());
      expect((await failure(h.service.revoke(alice, pending.id))).code).toBe("wrong_state");
      const active = await h.service.submit(alice, mockRequest({ role: "read-only", duration_seconds: 600 }));
      expect((await failure(h.service.revoke(mallory, active.id))).code).toBe("not_found");
      expect((await failure(h.service.revoke(erin, active.id))).code).toBe("permission_denied");
      expect((await h.service.revoke(charlie, active.id, "incident over")).state).toBe("REVOKED");
      await h.service.deny(alice, pending.id, "withdrawn");
      expect((await failure(h.service.revoke(alice, pending.id))).code).toBe("wrong_state");
    });

    it("revoking while APPROVED cancels the grant: nothing stays bound at the provider", async () => {
      await open({ mock: { latency_ms: 800 }, config: { grantWaitMs: 50 } });
      const r = await h.service.submit(alice, mockRequest());
      const approved = await h.service.approve(bob, r.id);
      expect(approved.state).toBe("APPROVED");
      expect((await h.service.revoke(alice, r.id, "changed my mind")).state).toBe("REVOKED");
      await eventually(
        async () => h.mock.wasRevoked(r.id) && !h.mock.hasBinding(r.id),
        (done) => done,
      );
      await new Promise((res) => setTimeout(res, 1000));
      expect(h.mock.hasBinding(r.id)).toBe(false);
      expect(h.mock.bindingsCreated(r.id)).toBeLessThanOrEqual(1);
      const after = await h.service.get(alice, r.id);
      expect(after.state).toBe("REVOKED");
      expect(await h.hasCredentialsRow(r.id)).toBe(false);
    });
  });

  describe("grant failures", () => {
    it("retries a failing grant and then goes ACTIVE with a single binding", async () => {
      await open({ mock: { fail_grant_times: 2 }, config: { grantWaitMs: 50 } });
      const r = await h.service.submit(alice, mockRequest());
      const approved = await h.service.approve(bob, r.id);
      expect(approved.state).toBe("APPROVED");
      const after = await eventually(
        () => h.service.get(alice, r.id),
        (v) => v.state === "ACTIVE",
        20_000,
      );
      expect(after.state).toBe("ACTIVE");
      expect(after.last_error).toBeNull();
      expect(h.mock.bindingsCreated(r.id)).toBe(1);
    });

    it("goes FAILED with grant.failed after the retry window", async () => {
      await open({ mock: { fail_grant_times: 1_000 }, config: { grantWaitMs: 50, grantRetryWindowMs: 500 } });
      const r = await h.service.submit(alice, mockRequest());
      await h.service.approve(bob, r.id);
      const after = await eventually(
        () => h.service.get(alice, r.id),
        (v) => v.state === "FAILED",
        20_000,
      );
      expect(after.state).toBe("FAILED");
      expect(after.last_error).toContain("injected grant failure");
      const failed = (await h.events(r.id)).find((e) => e.action === "grant.failed");
      expect(failed?.outcome).toBe("failure");
      expect(JSON.parse(failed?.detailsJson ?? "{}").attempts).toBeGreaterThanOrEqual(1);
      expect((await failure(h.service.revoke(alice, r.id))).code).toBe("wrong_state");
    });
  });

  describe("ending", () => {
    it("expires an ACTIVE grant within 2 s of expires_at and revokes it at the provider", async () => {
      // The provider's clock runs 58 s behind, so a 60 s grant expires 2 s from now.
      await open({ providerNow: () => new Date(Date.now() - 58_000) });
      const r = await h.service.submit(alice, mockRequest({ role: "read-only", duration_seconds: 60 }));
      expect(r.state).toBe("ACTIVE");
      const expiresAt = Date.parse(r.expires_at ?? "");
      expect(expiresAt - Date.now()).toBeLessThan(2_500);
      const after = await eventually(
        () => h.service.get(alice, r.id),
        (v) => v.state === "EXPIRED",
        10_000,
      );
      expect(after.state).toBe("EXPIRED");
      expect(Date.parse(after.ended_at ?? "") - expiresAt).toBeLessThan(2_000);
      expect(Date.parse(after.ended_at ?? "")).toBeGreaterThanOrEqual(expiresAt);
      expect(await h.hasCredentialsRow(r.id)).toBe(false);
      await eventually(
        () => h.actions(r.id),
        (a) => a.includes("grant.revoked"),
      );
      expect(await h.actions(r.id)).toEqual([
        "request.created",
        "request.auto_approved",
        "grant.issued",
        "grant.expired",
        "grant.revoked",
      ]);
      expect(JSON.parse((await h.events(r.id))[4].detailsJson).trigger).toBe("expiry");
      expect((await h.service.revoke(alice, r.id)).state).toBe("EXPIRED");
    });

    it("expires a PENDING request after pending_ttl (request.expired)", async () => {
      await open({ config: { pendingTtlMs: 500 } });
      const r = await h.service.submit(alice, mockRequest());
      const after = await eventually(
        () => h.service.get(alice, r.id),
        (v) => v.state === "EXPIRED",
      );
      expect(after.state).toBe("EXPIRED");
      const ev = (await h.events(r.id)).at(-1);
      expect(ev?.action).toBe("request.expired");
      expect(JSON.parse(ev?.detailsJson ?? "{}").after).toBe("pending_ttl");
      const late = await failure(h.service.approve(bob, r.id));
      expect(late.code).toBe("wrong_state");
      expect(late.detail).toContain("EXPIRED");
    });
  });

  describe("break-glass review", () => {
    it("only an admin reviews, once, and only break-glass requests", async () => {
      await open();
      const bg = await h.service.submit(bob, mockRequest({ break_glass: true }));
      expect((await failure(h.service.review(bob, bg.id, "x"))).code).toBe("permission_denied");
      await h.service.review(charlie, bg.id, "justified: INC-9");
      expect((await h.actions(bg.id)).at(-1)).toBe("request.reviewed");
      expect((await failure(h.service.review(charlie, bg.id, "again"))).code).toBe("wrong_state");
      const normal = await h.service.submit(alice, mockRequest());
      expect((await failure(h.service.review(charlie, normal.id, "x"))).code).toBe("wrong_state");
    });
  });

  describe("reading", () => {
    it("lists by visibility: own, approvable pending, all for admins and auditors", async () => {
      await open();
      const a1 = await h.service.submit(alice, mockRequest());
      const a2 = await h.service.submit(alice, mockRequest({ role: "read-only", duration_seconds: 600 }));
      const b1 = await h.service.submit(bob, mockRequest());
      const ids = async (c: typeof alice, q = {}) => (await h.service.list(c, q)).requests.map((r) => r.id);
      expect(await ids(alice)).toEqual([a2.id, a1.id]);
      expect(await ids(dave, { pending: true })).toEqual([b1.id, a1.id]);
      expect(await ids(bob, { pending: true })).toEqual([a1.id]);
      expect(await ids(mallory)).toEqual([]);
      expect(await ids(erin)).toEqual([b1.id, a2.id, a1.id]);
      expect(await ids(charlie, { state: "ACTIVE" })).toEqual([a2.id]);
      expect(await ids(charlie, { requester_identity: "bob@example.com" })).toEqual([b1.id]);
      const page1 = await h.service.list(erin, { page_size: 2 });
      expect(page1.requests.map((r) => r.id)).toEqual([b1.id, a2.id]);
      const page2 = await h.service.list(erin, { page_size: 2, page_token: page1.next_page_token ?? "" });
      expect(page2.requests.map((r) => r.id)).toEqual([a1.id]);
      expect(page2.next_page_token).toBeNull();
      expect((await failure(h.service.list(erin, { page_token: "%%%" }))).code).toBe("invalid_argument");
    });

    it("long-polls until the state changes", async () => {
      await open();
      const r = await h.service.submit(alice, mockRequest());
      setTimeout(() => void h.service.approve(bob, r.id), 300);
      const t0 = Date.now();
      const seen = await h.service.get(alice, r.id, { waitSeconds: 5, knownState: "PENDING" });
      expect(seen.state).not.toBe("PENDING");
      expect(Date.now() - t0).toBeLessThan(4_000);
    });
  });
});
