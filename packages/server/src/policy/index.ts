export { combineAllow, combineRouting } from "./combine.js";
export { type PolicyEngine, PolicyCompileError, type PolicyProgram } from "./engine.js";
export { buildPolicyInput, type PolicyInput } from "./input.js";
export { regoEngine } from "./rego-engine.js";
export { type DryRunResult, type PolicyMetrics, PolicyRuntime, type SkippedPolicy } from "./runtime.js";
export {
  type ApplyPolicyInput,
  type EvalPolicyInput,
  POLICY_CHANNEL,
  PolicyService,
  type PolicyView,
} from "./service.js";
export { APPROVER_TIERS, type ApproverTier, POLICY_TYPES, type PolicyType } from "./types.js";
