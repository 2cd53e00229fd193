/**
 * The provider contract (spec 08): how the workflow issues and removes access at a cloud or system.
 * Providers never touch the store; everything they need to undo a grant travels in its revoke token.
 */

/** What a provider is asked to grant. `id` is the request ID, the key of every idempotent operation. */
export interface ElevationRequest {
  readonly id: string;
  readonly userIdentity: string;
  readonly userGroups: readonly string[];
  readonly role: string;
  readonly scope: string;
  readonly durationSeconds: number;
  readonly reason: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** One credential handed to the requester; order is the provider's and is kept stable. */
export interface Credential {
  readonly name: string;
  readonly value: string;
}

export interface Grant {
  readonly credentials: readonly Credential[];
  readonly issuedAt: Date;
  /** In the future, and never later than issuedAt + the requested duration. */
  readonly expiresAt: Date;
  /** JSON string: all a provider needs to revoke this grant later, even after a restart. */
  readonly revokeToken: string;
}

/** A stored grant, as the workflow hands it back to revoke or check it. */
export interface GrantRef {
  readonly requestId: string;
  readonly revokeToken: string;
  readonly expiresAt: Date;
}

export interface Provider {
  /** "aws", "azure", "gcp", "kubernetes", "mock". */
  readonly name: string;
  /** No side effects; throws an `invalid_argument` AppError naming the field. */
  validateRequest(req: ElevationRequest): Promise<void>;
  /** Idempotent per `req.id`: a retry returns the existing binding, never a second one. */
  grant(req: ElevationRequest): Promise<Grant>;
  /** Idempotent; revoking something already gone succeeds. */
  revoke(grant: GrantRef): Promise<void>;
  /** Asks the provider, not the clock alone. */
  isActive(grant: GrantRef): Promise<boolean>;
}
