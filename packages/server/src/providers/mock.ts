import { setTimeout as sleep } from "node:timers/promises";
import type { ElevationRequest, Grant, GrantRef, Provider } from "./provider.js";
import { validateCommon } from "./validate.js";

/** `providers.mock` (spec 08): failure injection for tests of retries. */
export interface MockProviderConfig {
  /** The first N grant calls fail. */
  readonly fail_grant_times?: number;
  /** The first N revoke calls fail. */
  readonly fail_revoke_times?: number;
  /** Added before every grant and revoke. */
  readonly latency_ms?: number;
}

export interface MockProviderOptions {
  readonly now?: () => Date;
}

interface MockBinding {
  readonly grant: Grant;
  readonly userIdentity: string;
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
  readonly #bindings = new Map<string, MockBinding>();
  readonly #revoked = new Set<string>();
  readonly #bindingsCreated = new Map<string, number>();
  readonly #now: () => Date;
  readonly #latencyMs: number;
  #grantFailuresLeft: number;
  #revokeFailuresLeft: number;

  constructor(config: MockProviderConfig = {}, options: MockProviderOptions = {}) {
    this.#grantFailuresLeft = config.fail_grant_times ?? 0;
    this.#revokeFailuresLeft = config.fail_revoke_times ?? 0;
    this.#latencyMs = config.latency_ms ?? 0;
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
    const existing = this.#bindings.get(req.id);
    if (existing) return existing.grant;
    const issuedAt = this.#now();
    const grant: Grant = {
      credentials: [
        { name: "MOCK_ACCESS_KEY", value: `mock-access-key-${req.id}` },
        { name: "MOCK_SESSION_TOKEN", value: `mock-session-token-${req.id}` },
      ],
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + req.durationSeconds * 1000),
      revokeToken: JSON.stringify({ request_id: req.id }),
    };
    this.#bindings.set(req.id, { grant, userIdentity: req.userIdentity });
    this.#revoked.delete(req.id);
    this.#bindingsCreated.set(req.id, (this.#bindingsCreated.get(req.id) ?? 0) + 1);
    return grant;
  }

  async revoke(ref: GrantRef): Promise<void> {
    await this.#delay();
    if (this.#revokeFailuresLeft > 0) {
      this.#revokeFailuresLeft--;
      throw new MockProviderError(`mock: injected revoke failure for ${ref.requestId}`);
    }
    const requestId = requestIdFromToken(ref.revokeToken) ?? ref.requestId;
    this.#bindings.delete(requestId);
    this.#revoked.add(requestId);
  }

  async isActive(ref: GrantRef): Promise<boolean> {
    const binding = this.#bindings.get(requestIdFromToken(ref.revokeToken) ?? ref.requestId);
    return binding !== undefined && this.#now() < binding.grant.expiresAt;
  }

  /** Whether a binding for this request currently exists (expired or not). */
  hasBinding(requestId: string): boolean {
    return this.#bindings.has(requestId);
  }

  wasRevoked(requestId: string): boolean {
    return this.#revoked.has(requestId);
  }

  /** How many distinct bindings were ever created for a request: idempotency means at most 1. */
  bindingsCreated(requestId: string): number {
    return this.#bindingsCreated.get(requestId) ?? 0;
  }

  /** Inject failures at run time (tests); the counts replace the remaining ones. */
  injectFailures(failures: { grant?: number; revoke?: number }): void {
    if (failures.grant !== undefined) this.#grantFailuresLeft = failures.grant;
    if (failures.revoke !== undefined) this.#revokeFailuresLeft = failures.revoke;
  }

  async #delay(): Promise<void> {
    if (this.#latencyMs > 0) await sleep(this.#latencyMs);
  }
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
