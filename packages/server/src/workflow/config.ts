/** The `workflow.*` settings the state machine needs (spec 07), in milliseconds/seconds. */
export interface WorkflowConfig {
  /** `workflow.max_duration`: longest grant anyone may request. */
  readonly maxDurationSeconds: number;
  readonly pendingTtlMs: number;
  readonly aiReviewTimeoutMs: number;
  /** How long an approving call waits for the inline grant before answering `APPROVED`. */
  readonly grantWaitMs: number;
  readonly grantRetryWindowMs: number;
  readonly revokeAlertAfterMs: number;
}

export const MIN_DURATION_SECONDS = 60;

export const DEFAULT_WORKFLOW_CONFIG: WorkflowConfig = {
  maxDurationSeconds: 12 * 3600,
  pendingTtlMs: 24 * 3600_000,
  aiReviewTimeoutMs: 5 * 60_000,
  grantWaitMs: 10_000,
  grantRetryWindowMs: 5 * 60_000,
  revokeAlertAfterMs: 10 * 60_000,
};
