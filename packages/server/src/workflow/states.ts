/** Request states and the only transitions between them (spec 03, "States"). */
import type { RequestState } from "@jitsudo/client";

export { REQUEST_STATES, type RequestState } from "@jitsudo/client";

const NEXT: Readonly<Record<RequestState, readonly RequestState[]>> = {
  PENDING: ["APPROVED", "REJECTED", "EXPIRED"],
  APPROVED: ["ACTIVE", "FAILED", "REVOKED"],
  ACTIVE: ["EXPIRED", "REVOKED"],
  REJECTED: [],
  EXPIRED: [],
  REVOKED: [],
  FAILED: [],
};

export function isTerminal(state: RequestState): boolean {
  return NEXT[state].length === 0;
}

export function canTransition(from: RequestState, to: RequestState): boolean {
  return NEXT[from].includes(to);
}
