// The policies measured by the rego-eval benchmark, each with a hand-written JavaScript function that
// computes the same decision (the floor: what the decision costs without a policy engine).

/** The eligibility example of spec 04 (v0-compatible syntax with a future import). */
const sreSandbox = {
  name: "eligibility (spec 04 example)",
  query: "data.jitsudo.eligibility.allow",
  source: `package jitsudo.eligibility
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
`,
  native: (input) =>
    input.user.groups.includes("sre") &&
    input.request.provider === "aws" &&
    input.request.role === "sandbox-readonly" &&
    input.request.duration_seconds <= 3600,
};

const readOnly = new Set(["prod-read-only", "roles/viewer", "sandbox-readonly"]);

/** An approval routing policy in v1 syntax: sets, `in`, several definitions of one rule. */
const approvalRouting = {
  name: "approval routing (v1, sets, in)",
  query: "data.jitsudo.approval.approver_tier",
  source: `package jitsudo.approval

read_only_roles := {"prod-read-only", "roles/viewer", "sandbox-readonly"}

default approver_tier := "human"

approver_tier := "auto" if {
    input.request.role in read_only_roles
    input.request.duration_seconds <= 1800
    not input.request.break_glass
}

approver_tier := "ai_review" if {
    not input.request.role in read_only_roles
    input.context.trust_tier >= 3
    input.request.duration_seconds <= 3600
}

allow if {
    "sre-leads" in input.user.groups
    input.user.email != input.requester.email
}
`,
  native: (input) => {
    const { role, duration_seconds: duration, break_glass: breakGlass } = input.request;
    if (readOnly.has(role) && duration <= 1800 && !breakGlass) return "auto";
    if (!readOnly.has(role) && input.context.trust_tier >= 3 && duration <= 3600) return "ai_review";
    return "human";
  },
};

const grants = {
  sre: {
    "prod-read-only": 14400,
    "prod-infra-admin": 7200,
    "staging-admin": 28800,
    "sandbox-readonly": 3600,
  },
  dba: { "db-read-only": 14400, "db-admin": 3600, "db-migrator": 7200 },
  security: { "audit-reader": 43200, "iam-admin": 1800, "guardduty-admin": 3600 },
  oncall: { "prod-read-only": 43200, "pager-admin": 3600 },
};
const accountId = /^[0-9]{12}$/;

/** A larger eligibility policy: per-group role catalogue, per-role duration caps, break-glass. */
const roleCatalogue = {
  name: "eligibility (role catalogue, 12 roles)",
  query: "data.jitsudo.eligibility.allow",
  source: `package jitsudo.eligibility

grants := {
    "sre": {"prod-read-only": 14400, "prod-infra-admin": 7200, "staging-admin": 28800, "sandbox-readonly": 3600},
    "dba": {"db-read-only": 14400, "db-admin": 3600, "db-migrator": 7200},
    "security": {"audit-reader": 43200, "iam-admin": 1800, "guardduty-admin": 3600},
    "oncall": {"prod-read-only": 43200, "pager-admin": 3600},
}

max_duration contains seconds if {
    some group in input.user.groups
    seconds := grants[group][input.request.role]
}

default allow := false

allow if {
    not input.request.break_glass
    count(max_duration) > 0
    input.request.duration_seconds <= max(max_duration)
    regex.match("^[0-9]{12}$", input.request.resource_scope)
}

allow if {
    input.request.break_glass
    "oncall" in input.user.groups
    input.context.trust_tier >= 2
}

reason := "allowed" if allow
else := sprintf("%s may not have %s for %d seconds", [input.user.email, input.request.role, input.request.duration_seconds])
`,
  native: (input) => {
    const { request, user, context } = input;
    if (request.break_glass) return user.groups.includes("oncall") && context.trust_tier >= 2;
    let longest = -1;
    for (const group of user.groups) longest = Math.max(longest, grants[group]?.[request.role] ?? -1);
    return longest >= 0 && request.duration_seconds <= longest && accountId.test(request.resource_scope);
  },
};

export const benchmarkPolicies = [sreSandbox, approvalRouting, roleCatalogue];

/** A realistic input document (spec 04, "Input document"). */
export const sampleInput = {
  user: { email: "alice@example.com", subject: "u-123", groups: ["sre", "oncall"] },
  requester: { email: "alice@example.com", groups: ["sre", "oncall"], trust_tier: 2 },
  request: {
    id: "req_01J8KZ4F2EMNQZ3V7XKQYBD4W",
    provider: "aws",
    role: "sandbox-readonly",
    resource_scope: "123456789012",
    duration_seconds: 1800,
    reason: "INC-4421 investigating ECS crash loop",
    break_glass: false,
    metadata: {},
    requester_identity: "alice@example.com",
  },
  context: { trust_tier: 2, now: "2026-03-20T16:00:00.000Z" },
};
