/**
 * How the answers of separately compiled policies combine (spec 04). Pure functions over
 * per-policy answers, which arrive ordered by policy name.
 */
import {
  APPROVER_TIERS,
  type ApproverTier,
  type Decision,
  type PolicyAnswer,
  type PolicyProblem,
  type PolicyType,
  type Routing,
} from "./types.js";

const NOT_ENABLED: Readonly<Record<PolicyType, string>> = {
  eligibility: "no eligibility policy is enabled",
  approval: "no approval policy is enabled",
};

/** `allow` combination for both types: any policy allows. Errors count as denials (fail closed). */
export function combineAllow(type: PolicyType, answers: readonly PolicyAnswer[]): Decision {
  if (answers.length === 0) {
    return { allowed: false, reason: NOT_ENABLED[type], reasons: [NOT_ENABLED[type]] };
  }
  const allowing = answers.find((a) => a.allowed);
  if (allowing) return { allowed: true, reason: allowing.reason ?? "allowed", reasons: [] };
  const reasons = answers.map(denialReason);
  return { allowed: false, reason: reasons[0], reasons };
}

function denialReason(a: PolicyAnswer): string {
  if (a.error !== undefined) return `policy ${a.policy} failed to evaluate: ${a.error}`;
  return a.reason ?? `denied by policy ${a.policy}`;
}

const TIER_RANK: Readonly<Record<ApproverTier, number>> = { auto: 0, ai_review: 1, human: 2 };

/**
 * Routing from approval policies, evaluated at submission: the most restrictive `approver_tier`
 * (default `human`; an invalid value or an evaluation error counts as `human` and is reported),
 * the largest `required_approvals` (default 1), the union of `approver_groups`.
 */
export function combineRouting(answers: readonly PolicyAnswer[]): {
  routing: Routing;
  problems: PolicyProblem[];
} {
  const problems: PolicyProblem[] = [];
  let tier: ApproverTier | undefined;
  let required = 1;
  const groups = new Set<string>();

  const raise = (t: ApproverTier) => {
    if (tier === undefined || TIER_RANK[t] > TIER_RANK[tier]) tier = t;
  };

  for (const a of answers) {
    if (a.error !== undefined) {
      problems.push({ policy: a.policy, problem: `evaluation failed: ${a.error}` });
      raise("human");
      continue;
    }
    if (a.approverTier !== undefined) {
      if (isApproverTier(a.approverTier)) raise(a.approverTier);
      else {
        problems.push({
          policy: a.policy,
          problem: `approver_tier must be one of ${APPROVER_TIERS.join(", ")}, got ${JSON.stringify(a.approverTier)}`,
        });
        raise("human");
      }
    }
    if (a.requiredApprovals !== undefined) {
      const n = a.requiredApprovals;
      if (typeof n === "number" && Number.isSafeInteger(n) && n >= 1) required = Math.max(required, n);
      else {
        problems.push({
          policy: a.policy,
          problem: `required_approvals must be an integer >= 1, got ${JSON.stringify(n)}`,
        });
      }
    }
    if (a.approverGroups !== undefined) {
      const g = a.approverGroups;
      if (Array.isArray(g) && g.every((x) => typeof x === "string")) for (const x of g) groups.add(x);
      else problems.push({ policy: a.policy, problem: "approver_groups must be a set of strings" });
    }
  }
  return {
    routing: {
      approverTier: tier ?? "human",
      requiredApprovals: required,
      approverGroups: [...groups].sort(),
    },
    problems,
  };
}

export function isApproverTier(v: unknown): v is ApproverTier {
  return typeof v === "string" && (APPROVER_TIERS as readonly string[]).includes(v);
}
