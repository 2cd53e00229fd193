import { describe, expect, it } from "vitest";
import { buildPolicyInput } from "../../src/policy/input.js";

const request = {
  provider: "aws",
  role: "prod-infra-admin",
  resourceScope: "123456789012",
  durationSeconds: 7200,
  reason: "INC-4421",
  breakGlass: false,
  metadata: { ticket: "INC-4421" },
  requesterIdentity: "alice@example.com",
};

describe("buildPolicyInput", () => {
  it("builds the document of spec 04", () => {
    const input = buildPolicyInput({
      user: { identity: "bob@example.com", subject: "bob-sub", groups: ["sre", "sre-leads"] },
      userTrustTier: 3,
      requester: { identity: "alice@example.com", groups: ["sre"], trustTier: 2 },
      request: { ...request, id: "req_01X" },
      now: new Date("2026-03-20T16:00:00Z"),
    });
    expect(input).toEqual({
      user: { email: "bob@example.com", subject: "bob-sub", groups: ["sre", "sre-leads"] },
      requester: { email: "alice@example.com", groups: ["sre"], trust_tier: 2 },
      request: {
        id: "req_01X",
        provider: "aws",
        role: "prod-infra-admin",
        resource_scope: "123456789012",
        duration_seconds: 7200,
        reason: "INC-4421",
        break_glass: false,
        metadata: { ticket: "INC-4421" },
        requester_identity: "alice@example.com",
      },
      context: { trust_tier: 3, now: "2026-03-20T16:00:00.000Z" },
    });
  });

  it("uses [] for missing groups and tier 0 for unknown principals, and omits id before submission", () => {
    const input = buildPolicyInput({
      user: { identity: "alice@example.com", subject: "s", groups: undefined },
      userTrustTier: undefined,
      requester: { identity: "alice@example.com", groups: null, trustTier: null },
      request,
      now: new Date(0),
    });
    expect(input.user.groups).toEqual([]);
    expect(input.requester.groups).toEqual([]);
    expect(input.requester.trust_tier).toBe(0);
    expect(input.context.trust_tier).toBe(0);
    expect("id" in input.request).toBe(false);
  });
});
