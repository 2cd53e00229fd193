/** The jobs that end a request still waiting for a decision (spec 03): pending TTL and AI review. */
import { cancelJobs } from "../jobs/index.js";
import type { Tx } from "../store/index.js";

export const pendingTimeoutKey = (requestId: string) => `pending_timeout:${requestId}`;
export const aiReviewTimeoutKey = (requestId: string) => `ai_review_timeout:${requestId}`;

/** Once a request leaves PENDING its timeouts have nothing left to do; they need not wait a day to find out. */
export function cancelPendingTimeouts(tx: Tx, requestId: string): void {
  cancelJobs(tx, [pendingTimeoutKey(requestId), aiReviewTimeoutKey(requestId)]);
}
