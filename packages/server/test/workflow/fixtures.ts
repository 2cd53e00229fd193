import type { Caller } from "../../src/auth/principal.js";

/** Example policies in the spirit of the dev seed (spec 07): sre request mock roles, sre-leads approve. */
export const ELIGIBILITY = `package jitsudo.eligibility
import rego.v1

default allow := false
default reason := "only sre may request mock roles"

allow if {
  "sre" in input.user.groups
  input.request.provider == "mock"
  not input.request.break_glass
}

allow if {
  input.request.break_glass
  "sre-leads" in input.user.groups
}

reason := "sre may request mock roles" if allow
`;

export const APPROVAL = `package jitsudo.approval
import rego.v1

default allow := false
default reason := "only sre-leads may approve"

allow if "sre-leads" in input.user.groups

approver_tier := "auto" if {
  input.request.role == "read-only"
  input.request.duration_seconds <= 1800
}

approver_tier := "ai_review" if input.request.role == "ai-reviewed"

required_approvals := 2 if input.request.role == "two-person"

approver_groups contains "sre-leads"
`;

const caller = (identity: string, groups: string[], extra: Partial<Caller> = {}): Caller => ({
  identity,
  subject: `${identity.split("@")[0]}-sub`,
  groups,
  admin: false,
  auditor: false,
  ...extra,
});

export const alice = caller("alice@example.com", ["sre"]);
export const bob = caller("bob@example.com", ["sre", "sre-leads"]);
export const dave = caller("dave@example.com", ["sre-leads"]);
export const charlie = caller("charlie@example.com", ["jitsudo-admins"], { admin: true });
export const erin = caller("erin@example.com", ["jitsudo-auditors"], { auditor: true });
export const mallory = caller("mallory@example.com", []);
