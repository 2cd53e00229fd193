/** Policy types and the answers policies give (spec 04, "Outputs and how policies combine"). */
import type { ApproverTier, PolicyType } from "@jitsudo/client";

export { APPROVER_TIERS, type ApproverTier, POLICY_TYPES, type PolicyType } from "@jitsudo/client";

/** The Rego package a policy of each type must declare. */
export const PACKAGE_BY_TYPE: Readonly<Record<PolicyType, string>> = {
  eligibility: "jitsudo.eligibility",
  approval: "jitsudo.approval",
};

/** What one policy answered. `error` set means the policy failed to evaluate (and `allowed` is false). */
export interface PolicyAnswer {
  readonly policy: string;
  readonly allowed: boolean;
  readonly reason: string | null;
  /** The raw `approver_tier` value when the policy defines one (approval policies). */
  readonly approverTier?: unknown;
  readonly requiredApprovals?: unknown;
  readonly approverGroups?: unknown;
  readonly error?: string;
}

export interface Decision {
  readonly allowed: boolean;
  /** On allow, the first allowing policy's reason; on denial, the first denying reason by name. */
  readonly reason: string;
  /** Every denying policy's reason, ordered by policy name (eligibility denials are audited with these). */
  readonly reasons: readonly string[];
}

export interface Routing {
  readonly approverTier: ApproverTier;
  readonly requiredApprovals: number;
  readonly approverGroups: readonly string[];
}

/** A policy's answer that the combination rules had to correct; logged as a `policy_error`. */
export interface PolicyProblem {
  readonly policy: string;
  readonly problem: string;
}
