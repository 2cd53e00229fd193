import { setTimeout as sleep } from "node:timers/promises";
import type { ElevationRequest, Grant, GrantRef, Provider } from "./provider.js";
import {
  applyMockEvent,
  emptyMockState,
  MockJournal,
  type MockEvent,
  type MockState,
} from "./mock-journal.js";
import { validateCommon } from "./validate.js";

/** `providers.mock` (spec 08): failure injection for tests of retries. */
export interface MockProviderConfig {
  /** The first N grant calls fail. */
  readonly fail_grant_times?: number;
  /** The first N revoke calls fail. */
  readonly fail_revoke_times?: number;
  /** Added before every grant and revoke. */
  readonly latency_ms?: number;
  /** Keep bindings in this journal file, shared by restarts and instances (fault tests). */
  readonly state_file?: string;
  /** Grants end after at most this many milliseconds. */
  readonly max_duration_ms?: number;
}

export interface MockProviderOptions {
  readonly now?: () => Date;
}

export class MockProviderError extends Error {
  override readonly name = "MockProviderError";
}

/**
 * A provider that grants at once from memory. It keeps what a real provider would show from the
 * outside (live bindings, revocations, how many bindings were ever created per request) so tests
 * can assert on them.
 */
export class MockProvider implements Provider {
  readonly name = "mock";
  readonly #journal: MockJournal | undefined;
  #state: MockState = emptyMockState();
  readonly #now: () => Date;
  readonly #latencyMs: number;
  readonly #maxDurationMs: number;
  #grantFailuresLeft: number;
  #revokeFailuresLeft: number;

  constructor(config: MockProviderConfig = {}, options: MockProviderOptions = {}) {
    this.#grantFailuresLeft = config.fail_grant_times ?? 0;
    this.#revokeFailuresLeft = config.fail_revoke_times ?? 0;
    this.#latencyMs = config.latency_ms ?? 0;
    this.#maxDurationMs = config.max_duration_ms ?? Number.POSITIVE_INFINITY;
    this.#journal = config.state_file === undefined ? undefined : new MockJournal(config.state_file);
    this.#now = options.now ?? (() => new Date());
  }

  async validateRequest(req: ElevationRequest): Promise<void> {
    validateCommon(req);
  }

  async grant(req: ElevationRequest): Promise<Grant> {
    validateCommon(req);
    await this.#delay();
    if (this.#grantFailuresLeft > 0) {
      this.#grantFailuresLeft--;
      throw new MockProviderError(`mock: injected grant failure for ${req.id}`);
    }
    const state = this.#current();
    const existing = state.bindings.get(req.id);
    if (existing) return grantOf(existing);
    const issuedAt = this.#now();
    const event = {
      op: "grant" as const,
      request_id: req.id,
      user: req.userIdentity,
      issued_at: issuedAt.toISOString(),
      expires_at: new Date(
        issuedAt.getTime() + Math.min(req.durationSeconds * 1000, this.#maxDurationMs),
      ).toISOString(),
    };
    this.#record(event);
    return grantOf(event);
  }

  async revoke(ref: GrantRef): Promise<void> {
    await this.#delay();
    if (this.#revokeFailuresLeft > 0) {
      this.#revokeFailuresLeft--;
      throw new MockProviderError(`mock: injected revoke failure for ${ref.requestId}`);
    }
    const requestId = requestIdFromToken(ref.revokeToken) ?? ref.requestId;
    this.#record({ op: "revoke", request_id: requestId, at: this.#now().toISOString() });
  }

  async isActive(ref: GrantRef): Promise<boolean> {
    const binding = this.#current().bindings.get(requestIdFromToken(ref.revokeToken) ?? ref.requestId);
    return binding !== undefined && this.#now().getTime() < Date.parse(binding.expires_at);
  }

  /** Whether a binding for this request currently exists (expired or not). */
  hasBinding(requestId: string): boolean {
    return this.#current().bindings.has(requestId);
  }

  wasRevoked(requestId: string): boolean {
    return this.#current().revoked.has(requestId);
  }

  /** How many distinct bindings were ever created for a request: idempotency means at most 1. */
  bindingsCreated(requestId: string): number {
    return this.#current().created.get(requestId) ?? 0;
  }

  /** Inject failures at run time (tests); the counts replace the remaining ones. */
  injectFailures(failures: { grant?: number; revoke?: number }): void {
    if (failures.grant !== undefined) this.#grantFailuresLeft = failures.grant;
    if (failures.revoke !== undefined) this.#revokeFailuresLeft = failures.revoke;
  }

  /** The bindings as they are now: with a journal, as every instance and restart left them. */
  #current(): MockState {
    if (this.#journal) this.#state = this.#journal.replay();
    return this.#state;
  }

  #record(event: MockEvent): void {
    this.#journal?.append(event);
    applyMockEvent(this.#state, event);
  }

  async #delay(): Promise<void> {
    if (this.#latencyMs > 0) await sleep(this.#latencyMs);
  }
}

function grantOf(e: Extract<MockEvent, { op: "grant" }>): Grant {
  return {
    credentials: [
      { name: "MOCK_ACCESS_KEY", value: `mock-access-key-${e.request_id}` },
      { name: "MOCK_SESSION_TOKEN", value: `mock-session-token-${e.request_id}` },
    ],
    issuedAt: new Date(e.issued_at),
    expiresAt: new Date(e.expires_at),
    revokeToken: JSON.stringify({ request_id: e.request_id }),
  };
}

function requestIdFromToken(token: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(token);
    if (typeof parsed === "object" && parsed !== null && "request_id" in parsed) {
      const id = (parsed as { request_id: unknown }).request_id;
      return typeof id === "string" ? id : undefined;
    }
  } catch {
    // Not a mock token: fall back to the request id of the reference.
  }
  return undefined;
}
