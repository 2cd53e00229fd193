/**
 * Evaluation of a compiled set: each policy on its own, its failure contained to its own answer
 * (fail closed), then combined by the rules of combine.ts.
 */
import type { PolicyProgram } from "./engine.js";
import { PACKAGE_BY_TYPE, type PolicyAnswer, type PolicyType } from "./types.js";

export interface CompiledPolicy {
  readonly id: string;
  readonly name: string;
  readonly type: PolicyType;
  readonly program: PolicyProgram;
}

/** Rules read per purpose: `allow`+`reason` for decisions, the routing rules at submission. */
const DECISION_RULES = ["allow", "reason"] as const;
const ROUTING_RULES = ["approver_tier", "required_approvals", "approver_groups"] as const;

export type EvaluationPurpose = "decision" | "routing" | "all";

export function evaluatePolicy(
  policy: CompiledPolicy,
  input: unknown,
  timeoutMs: number,
  purpose: EvaluationPurpose,
): PolicyAnswer {
  const base = `data.${PACKAGE_BY_TYPE[policy.type]}.`;
  const read = (rule: string) => policy.program.evalRule(base + rule, input, timeoutMs);
  try {
    const wantsDecision = purpose !== "routing";
    const wantsRouting = purpose !== "decision" && policy.type === "approval";
    const allow = wantsDecision ? read(DECISION_RULES[0]) : undefined;
    const reason = wantsDecision ? read(DECISION_RULES[1]) : undefined;
    const answer: PolicyAnswer = {
      policy: policy.name,
      allowed: allow === true,
      reason: typeof reason === "string" ? reason : null,
    };
    if (!wantsRouting) return answer;
    const [approverTier, requiredApprovals, approverGroups] = ROUTING_RULES.map(read);
    return { ...answer, approverTier, requiredApprovals, approverGroups };
  } catch (err) {
    return { policy: policy.name, allowed: false, reason: null, error: errorMessage(err) };
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
