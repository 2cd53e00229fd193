/**
 * The mock provider's optional memory on disk: one JSON line per grant and revocation, appended
 * (O_APPEND keeps concurrent writers' lines whole). Replaying it gives the bindings as any
 * instance left them, so fault tests can check the provider across crashes and instances.
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";

export type MockEvent =
  | { op: "grant"; request_id: string; user: string; issued_at: string; expires_at: string }
  | { op: "revoke"; request_id: string; at: string };

export interface MockState {
  /** Live bindings: request id → the grant event that created them. */
  bindings: Map<string, Extract<MockEvent, { op: "grant" }>>;
  revoked: Set<string>;
  /** Bindings ever created per request (idempotency means at most one). */
  created: Map<string, number>;
}

export function emptyMockState(): MockState {
  return { bindings: new Map(), revoked: new Set(), created: new Map() };
}

export function applyMockEvent(state: MockState, e: MockEvent): void {
  if (e.op === "grant") {
    state.bindings.set(e.request_id, e);
    state.revoked.delete(e.request_id);
    state.created.set(e.request_id, (state.created.get(e.request_id) ?? 0) + 1);
  } else {
    state.bindings.delete(e.request_id);
    state.revoked.add(e.request_id);
  }
}

export class MockJournal {
  constructor(readonly path: string) {}

  replay(): MockState {
    const state = emptyMockState();
    if (!existsSync(this.path)) return state;
    for (const line of readFileSync(this.path, "utf8").split("\n")) {
      if (line.trim() !== "") applyMockEvent(state, JSON.parse(line) as MockEvent);
    }
    return state;
  }

  append(e: MockEvent): void {
    appendFileSync(this.path, `${JSON.stringify(e)}\n`, { mode: 0o600 });
  }
}
