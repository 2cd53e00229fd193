/** How long to wait between attempts to reach a dependency that is not answering yet. */
export interface BackoffPolicy {
  /** Delay after the first failed attempt. */
  readonly initialDelayMs: number;
  /** The delay doubles after every failure until it reaches this cap. */
  readonly maxDelayMs: number;
}

/** The delay before attempt `failedAttempts + 1`, given that `failedAttempts` (≥ 1) attempts have failed. */
export function backoffDelay(failedAttempts: number, policy: BackoffPolicy): number {
  const doublings = Math.min(failedAttempts - 1, 30);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** doublings);
}
