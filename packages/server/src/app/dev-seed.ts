/**
 * The example policies `jitsudod dev` starts with (spec 07): sre may request mock roles, sre-leads
 * approve and may break glass, and mock/read-only for up to 30 minutes is approved automatically.
 * Seeded once, into an empty dev database; never outside dev mode.
 */
import type { Caller } from "../auth/principal.js";
import type { Services } from "../http/services.js";

export const DEV_SEED_ACTOR: Caller = {
  identity: "jitsudod-dev-seed",
  subject: "jitsudod-dev-seed",
  groups: [],
  admin: true,
  auditor: false,
};

export const DEV_POLICIES = [
  {
    name: "dev-sre-eligibility",
    type: "eligibility",
    description: "dev example: sre may request mock roles for up to 4 hours; sre-leads may break glass",
    rego: `package jitsudo.eligibility

import rego.v1

default allow := false

default reason := "only members of sre may request mock roles (dev example policy)"

allow if {
	"sre" in input.user.groups
	input.request.provider == "mock"
	input.request.duration_seconds <= 4 * 3600
	not input.request.break_glass
}

allow if {
	input.request.break_glass
	"sre-leads" in input.user.groups
}

reason := "allowed" if allow
`,
  },
  {
    name: "dev-sre-leads-approval",
    type: "approval",
    description: "dev example: sre-leads approve; mock/read-only for 30 minutes or less is automatic",
    rego: `package jitsudo.approval

import rego.v1

default allow := false

default reason := "only members of sre-leads may approve (dev example policy)"

allow if "sre-leads" in input.user.groups

reason := "allowed" if allow

approver_tier := "auto" if {
	input.request.provider == "mock"
	input.request.role == "read-only"
	input.request.duration_seconds <= 1800
}

approver_groups contains "sre-leads"
`,
  },
] as const;

/** Applies the example policies when the database has none (a first start). */
export async function seedDevPolicies(services: Services): Promise<number> {
  if ((await services.policies.list(DEV_SEED_ACTOR)).length > 0) return 0;
  for (const p of DEV_POLICIES) await services.policies.apply(DEV_SEED_ACTOR, { ...p });
  return DEV_POLICIES.length;
}
