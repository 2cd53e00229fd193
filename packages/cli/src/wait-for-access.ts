/**
 * `request --wait`: long-polls `GET /requests/{id}?wait_seconds=…&known_state=…` until the request
 * is ACTIVE or has ended, riding out brief server or network outages.
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  type ElevationRequest,
  type JitsudoClient,
  MAX_WAIT_SECONDS,
  TERMINAL_STATES,
} from "@jitsudo/client";

export interface WaitOutcome {
  readonly request: ElevationRequest;
  /** The deadline passed before the request settled. */
  readonly timedOut: boolean;
}

const MAX_BACKOFF_MS = 10_000;

export function isSettled(request: ElevationRequest): boolean {
  return request.state === "ACTIVE" || TERMINAL_STATES.includes(request.state);
}

export async function waitForAccess(
  client: JitsudoClient,
  initial: ElevationRequest,
  timeoutMs: number,
  onChange: (request: ElevationRequest) => void | Promise<void>,
): Promise<WaitOutcome> {
  const deadline = Date.now() + timeoutMs;
  let request = initial;
  let backoffMs = 1000;
  while (!isSettled(request)) {
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) return { request, timedOut: true };
    const waitSeconds = Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil(remainingMs / 1000)));
    let next: ElevationRequest;
    try {
      next = await client.getRequest(request.id, { wait_seconds: waitSeconds, known_state: request.state });
    } catch (err) {
      if (!isTransient(err) || Date.now() + backoffMs >= deadline) throw err;
      await sleep(backoffMs);
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      continue;
    }
    backoffMs = 1000;
    if (next.state !== request.state) await onChange(next);
    request = next;
  }
  return { request, timedOut: false };
}

/** Worth retrying: the server was unreachable or said it is temporarily unable to answer. */
function isTransient(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === "ConnectionError") return true;
  return err.name === "ApiError" && [502, 503, 504].includes((err as Error & { status: number }).status);
}
