import { describe, expect, it } from "vitest";
import { combineAllow, combineRouting } from "../../src/policy/combine.js";
import type { PolicyAnswer } from "../../src/policy/types.js";

const allow = (policy: string, reason: string | null = "ok"): PolicyAnswer => ({
  policy,
  allowed: true,
  reason,
});
const deny = (policy: string, reason: string | null = null): PolicyAnswer => ({
  policy,
  allowed: false,
  reason,
});
const failed = (policy: string): PolicyAnswer => ({ policy, allowed: false, reason: null, error: "boom" });

describe("combineAllow", () => {
  it("denies when no policy of the type is enabled, saying so", () => {
    expect(combineAllow("eligibility", [])).toEqual({
      allowed: false,
      reason: "no eligibility policy is enabled",
      reasons: ["no eligibility policy is enabled"],
    });
    expect(combineAllow("approval", []).reason).toBe("no approval policy is enabled");
  });

  it("allows when any policy allows", () => {
    const d = combineAllow("eligibility", [deny("a", "no"), allow("b", "sre may"), deny("c")]);
    expect(d).toEqual({ allowed: true, reason: "sre may", reasons: [] });
  });

  it("on denial returns every policy's reason in name order, the first shown", () => {
    const d = combineAllow("eligibility", [deny("a-pol", "not sre"), deny("b-pol", null), failed("c-pol")]);
    expect(d.allowed).toBe(false);
    expect(d.reason).toBe("not sre");
    expect(d.reasons).toEqual(["not sre", "denied by policy b-pol", "policy c-pol failed to evaluate: boom"]);
  });

  it("fails closed: a policy that errors never allows", () => {
    expect(combineAllow("approval", [failed("x")]).allowed).toBe(false);
  });
});

describe("combineRouting", () => {
  const routing = (answers: Partial<PolicyAnswer>[]) =>
    combineRouting(answers.map((a, i) => ({ policy: `p${i}`, allowed: false, reason: null, ...a })));

  it("defaults: human, one approval, no groups", () => {
    expect(routing([]).routing).toEqual({ approverTier: "human", requiredApprovals: 1, approverGroups: [] });
    expect(routing([{}]).routing.approverTier).toBe("human");
  });

  it("takes the most restrictive tier any policy defines", () => {
    expect(routing([{ approverTier: "auto" }]).routing.approverTier).toBe("auto");
    expect(routing([{ approverTier: "auto" }, { approverTier: "ai_review" }]).routing.approverTier).toBe(
      "ai_review",
    );
    expect(routing([{ approverTier: "human" }, { approverTier: "auto" }]).routing.approverTier).toBe("human");
    expect(routing([{ approverTier: "auto" }, {}]).routing.approverTier).toBe("auto");
  });

  it("treats an invalid tier as human and reports a problem", () => {
    const r = routing([{ approverTier: "auto" }, { approverTier: "robot" }]);
    expect(r.routing.approverTier).toBe("human");
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ policy: "p1" });
    expect(r.problems[0].problem).toContain("robot");
  });

  it("treats a policy that fails to evaluate as human", () => {
    const r = routing([{ approverTier: "auto" }, { error: "timeout" }]);
    expect(r.routing.approverTier).toBe("human");
    expect(r.problems[0].problem).toContain("timeout");
  });

  it("takes the maximum required_approvals and rejects non-integers and values below 1", () => {
    expect(routing([{ requiredApprovals: 2 }, { requiredApprovals: 3 }]).routing.requiredApprovals).toBe(3);
    const bad = routing([{ requiredApprovals: 0 }, { requiredApprovals: 1.5 }, { requiredApprovals: "4" }]);
    expect(bad.routing.requiredApprovals).toBe(1);
    expect(bad.problems).toHaveLength(3);
  });

  it("unions approver_groups, sorted", () => {
    const r = routing([
      { approverGroups: ["sre-leads", "oncall"] },
      { approverGroups: ["oncall", "admins"] },
    ]);
    expect(r.routing.approverGroups).toEqual(["admins", "oncall", "sre-leads"]);
    expect(routing([{ approverGroups: [1] }]).problems).toHaveLength(1);
  });
});
