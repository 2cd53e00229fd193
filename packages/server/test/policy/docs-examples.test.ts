/** The Rego examples of docs/policies.md compile and decide what the guide says they decide. */
import { readFileSync } from "node:fs";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { buildPolicyInput, PolicyRuntime, regoEngine } from "../../src/policy/index.js";

const doc = readFileSync(new URL("../../../../docs/policies.md", import.meta.url), "utf8");
const examples = [...doc.matchAll(/```rego\n([\s\S]*?)```/g)].map((m) => m[1]);

const input = (o: {
  groups: string[];
  role: string;
  duration?: number;
  tier?: number;
  now?: string;
  provider?: string;
  breakGlass?: boolean;
}) =>
  buildPolicyInput({
    user: { identity: "alice@example.com", subject: "alice", groups: o.groups },
    userTrustTier: o.tier ?? 0,
    requester: { identity: "alice@example.com", groups: o.groups, trustTier: o.tier ?? 0 },
    request: {
      provider: o.provider ?? "aws",
      role: o.role,
      resourceScope: "123456789012",
      durationSeconds: o.duration ?? 1800,
      reason: "INC-1",
      breakGlass: o.breakGlass ?? false,
      metadata: {},
      requesterIdentity: "alice@example.com",
    },
    now: new Date(o.now ?? "2026-03-20T10:00:00.000Z"),
  });

function runtimeWith(source: string) {
  const rt = new PolicyRuntime({ engine: regoEngine, evalTimeoutMs: 1000, log: pino({ level: "silent" }) });
  const type = source.includes("package jitsudo.approval") ? "approval" : "eligibility";
  rt.load([{ id: "doc", name: "doc", type, rego: source, enabled: true }]);
  expect(rt.skipped).toEqual([]);
  return rt;
}

describe("docs/policies.md examples", () => {
  it("has the three examples", () => {
    expect(examples).toHaveLength(3);
  });

  it("walkthrough eligibility: sre, aws, sandbox-readonly, at most an hour", () => {
    const rt = runtimeWith(examples[0]);
    expect(
      rt.eligibility(input({ groups: ["sre"], role: "sandbox-readonly", duration: 3600 })).decision,
    ).toMatchObject({ allowed: true });
    const denied = rt.eligibility(
      input({ groups: ["sre"], role: "sandbox-readonly", duration: 3601 }),
    ).decision;
    expect(denied).toMatchObject({ allowed: false, reason: "not authorized" });
  });

  it("approval routing: sre-leads approve, trusted short read-only is automatic, prod needs two", () => {
    const rt = runtimeWith(examples[1]);
    expect(rt.routing(input({ groups: ["sre"], role: "read-only", tier: 2 }))).toEqual({
      approverTier: "auto",
      requiredApprovals: 1,
      approverGroups: ["sre-leads"],
    });
    expect(rt.routing(input({ groups: ["sre"], role: "read-only", tier: 1 })).approverTier).toBe("human");
    expect(rt.routing(input({ groups: ["sre"], role: "prod-infra-admin" })).requiredApprovals).toBe(2);
    expect(rt.approval(input({ groups: ["sre-leads"], role: "x" })).decision.allowed).toBe(true);
    expect(rt.approval(input({ groups: ["sre"], role: "x" })).decision.reason).toBe(
      "only sre-leads may approve",
    );
  });

  it("role catalogue: groups, maximum duration and Berlin working hours; on-call breaks glass", () => {
    const rt = runtimeWith(examples[2]);
    const ok = (o: Parameters<typeof input>[0]) => rt.eligibility(input(o)).decision.allowed;
    expect(ok({ groups: ["dev"], role: "sandbox-readonly", duration: 3600 })).toBe(true);
    expect(ok({ groups: ["dev"], role: "prod-infra-admin" })).toBe(false);
    expect(ok({ groups: ["sre"], role: "prod-infra-admin", duration: 7201 })).toBe(false);
    // 19:30 UTC is 20:30 in Berlin in March: outside working hours.
    expect(ok({ groups: ["sre"], role: "prod-infra-admin", now: "2026-03-20T19:30:00.000Z" })).toBe(false);
    expect(
      ok({ groups: ["oncall"], role: "anything", breakGlass: true, now: "2026-03-20T23:00:00.000Z" }),
    ).toBe(true);
  });
});
