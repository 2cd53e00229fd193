import type { WorkflowConfig } from "../workflow/config.js";
import type { WorkflowSettings } from "./types.js";

/** The workflow module's own view of `workflow.*` (it keeps the longest grant in seconds). */
export function toWorkflowConfig(workflow: WorkflowSettings): WorkflowConfig {
  return {
    maxDurationSeconds: workflow.maxDurationMs / 1000,
    pendingTtlMs: workflow.pendingTtlMs,
    aiReviewTimeoutMs: workflow.aiReviewTimeoutMs,
    grantWaitMs: workflow.grantWaitMs,
    grantRetryWindowMs: workflow.grantRetryWindowMs,
    revokeAlertAfterMs: workflow.revokeAlertAfterMs,
  };
}
