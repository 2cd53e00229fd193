import pino from "pino";
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import { buildPolicyInput } from "../../src/policy/input.js";
import { regoEngine } from "../../src/policy/rego-engine.js";
import { PolicyRuntime } from "../../src/policy/runtime.js";
import type { PolicySource } from "../../src/policy/runtime.js";

const log = pino({ level: "silent" });
const runtime = (evalTimeoutMs = 1000) => new PolicyRuntime({ engine: regoEngine, evalTimeoutMs, log });

/** The v0-style example of spec 04 and the AWS walkthrough. */
const AWS_V0 = `package jitsudo.eligibility
import future.keywords.if
default allow = false
default reason = "not authorized"
allow if {
    input.user.groups[_] == "sre"
    input.request.provider == "aws"
    input.request.role == "sandbox-readonly"
    input.request.duration_seconds <= 3600
}
reason = "allowed" if { allow }
`;

const DENY_ALL = `package jitsudo.eligibility
import rego.v1
default allow := false
default reason := "frozen: change freeze in effect"
`;

const CONFLICT = `package jitsudo.eligibility
import rego.v1
allow := true if input.request.role != ""
allow := false if input.request.provider != ""
`;

const RUNAWAY = `package jitsudo.eligibility
import rego.v1
allow if count([x | some x in numbers.range(1, 100000000)]) > 0
`;

const APPROVAL_AUTO = `package jitsudo.approval
import rego.v1
default allow := false
allow if "sre-leads" in input.user.groups
approver_tier := "auto" if input.context.trust_tier >= 3
required_approvals := 2 if input.request.role == "prod-admin"
approver_groups contains "sre-leads"
`;

const APPROVAL_HUMAN = `package jitsudo.approval
import rego.v1
default allow := false
approver_tier := "human" if input.request.break_glass
approver_groups contains "security"
required_approvals := 3 if input.request.role == "prod-admin"
`;

const src = (name: string, rego: string, type: PolicySource["type"] = "eligibility"): PolicySource => ({
  id: `pol_${name}`,
  name,
  type,
  rego,
  enabled: true,
});

const input = (
  p: { groups?: string[]; role?: string; provider?: string; tier?: number; breakGlass?: boolean } = {},
) =>
  buildPolicyInput({
    user: { identity: "alice@example.com", subject: "a", groups: p.groups ?? ["sre"] },
    userTrustTier: p.tier ?? 0,
    requester: { identity: "alice@example.com", groups: p.groups ?? ["sre"], trustTier: p.tier ?? 0 },
    request: {
      provider: p.provider ?? "aws",
      role: p.role ?? "sandbox-readonly",
      resourceScope: "123456789012",
      durationSeconds: 1800,
      reason: "r",
      breakGlass: p.breakGlass ?? false,
      metadata: {},
      requesterIdentity: "alice@example.com",
    },
    now: new Date(),
  });

describe("policy runtime with @jitsudo/rego", () => {
  it("evaluates the v0 example of the walkthrough", () => {
    const rt = runtime();
    rt.load([src("aws-sandbox-eligibility", AWS_V0)]);
    expect(rt.eligibility(input()).decision).toMatchObject({ allowed: true, reason: "allowed" });
    expect(rt.eligibility(input({ groups: [] })).decision).toMatchObject({
      allowed: false,
      reason: "not authorized",
    });
  });

  it("compiles each policy on its own: two `default allow` never clash, any allow wins", () => {
    const rt = runtime();
    const { loaded, skipped } = rt.load([src("b-freeze", DENY_ALL), src("a-aws", AWS_V0)]);
    expect(loaded).toBe(2);
    expect(skipped).toEqual([]);
    expect(rt.eligibility(input()).decision.allowed).toBe(true);
    const denied = rt.eligibility(input({ role: "other" })).decision;
    expect(denied.reasons).toEqual(["not authorized", "frozen: change freeze in effect"]);
  });

  it("fails closed on an evaluation error and a runaway policy, without stopping the others", () => {
    const rt = runtime(50);
    rt.load([src("conflict", CONFLICT), src("runaway", RUNAWAY)]);
    const t0 = performance.now();
    const d = rt.eligibility(input()).decision;
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(d.allowed).toBe(false);
    expect(d.reasons[0]).toMatch(/^policy conflict failed to evaluate: .*conflict/);
    expect(d.reasons[1]).toMatch(/^policy runaway failed to evaluate/);
    rt.load([src("conflict", CONFLICT), src("z-aws", AWS_V0)]);
    expect(rt.eligibility(input()).decision.allowed).toBe(true);
  });

  it("says so when no policy of the type is enabled", () => {
    const rt = runtime();
    rt.load([{ ...src("a", AWS_V0), enabled: false }]);
    expect(rt.eligibility(input()).decision.reason).toBe("no eligibility policy is enabled");
  });

  it("routes with the most restrictive tier, the largest required_approvals and the union of groups", () => {
    const rt = runtime();
    rt.load([src("auto", APPROVAL_AUTO, "approval"), src("human", APPROVAL_HUMAN, "approval")]);
    expect(rt.routing(input({ tier: 3 }))).toEqual({
      approverTier: "auto",
      requiredApprovals: 1,
      approverGroups: ["security", "sre-leads"],
    });
    expect(rt.routing(input({ tier: 3, breakGlass: true })).approverTier).toBe("human");
    expect(rt.routing(input({ tier: 0 })).approverTier).toBe("human");
    expect(rt.routing(input({ role: "prod-admin" })).requiredApprovals).toBe(3);
  });

  it("refuses a module that does not compile with 422 policy_error naming line and column", () => {
    const rt = runtime();
    const err = (() => {
      try {
        rt.compile("broken", "eligibility", "package jitsudo.eligibility\n\nallow if {\n  input.x ==\n}\n");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("policy_error");
    expect((err as AppError).status).toBe(422);
    expect((err as AppError).detail).toMatch(/broken\.rego:\d+:\d+/);
  });

  it("refuses a module whose package does not match its type", () => {
    const rt = runtime();
    expect(() => rt.compile("x", "approval", AWS_V0)).toThrow(/must declare "package jitsudo.approval"/);
  });

  it("skips a stored policy that no longer compiles and reports it; the rest load", () => {
    const rt = runtime();
    const { loaded, skipped } = rt.load([
      src("good", AWS_V0),
      src("bad", "package jitsudo.eligibility\nallow if {"),
    ]);
    expect(loaded).toBe(1);
    expect(skipped.map((s) => s.name)).toEqual(["bad"]);
    expect(rt.skipped[0].error).toContain("bad.rego");
    expect(rt.eligibility(input()).decision.allowed).toBe(true);
  });

  it("dry-runs the stored set or an unsaved source, with each policy's own answer", () => {
    const rt = runtime();
    rt.load([src("auto", APPROVAL_AUTO, "approval"), src("human", APPROVAL_HUMAN, "approval")]);
    const stored = rt.dryRun("approval", {
      user: { groups: ["sre-leads"] },
      context: { trust_tier: 3 },
      request: {},
    });
    expect(stored).toEqual({
      allowed: true,
      reason: "allowed",
      approver_tier: "auto",
      results: [
        { policy: "auto", allowed: true, reason: null, approver_tier: "auto" },
        { policy: "human", allowed: false, reason: null, approver_tier: null },
      ],
    });
    const unsaved = rt.dryRun("eligibility", input(), DENY_ALL);
    expect(unsaved).toMatchObject({
      allowed: false,
      reason: "frozen: change freeze in effect",
      approver_tier: null,
    });
    expect(unsaved.results).toHaveLength(1);
    expect(() => rt.dryRun("eligibility", input(), "package nope")).toThrow(AppError);
  });
});
