/**
 * The input document every policy sees (spec 04, "Input document"). Built here only, so that the
 * shape is the same for submission, approval and dry-run.
 */

export interface PolicyUser {
  readonly identity: string;
  readonly subject: string;
  readonly groups: readonly string[] | null | undefined;
}

export interface PolicyRequester {
  readonly identity: string;
  readonly groups: readonly string[] | null | undefined;
  readonly trustTier: number | null | undefined;
}

export interface PolicyRequestFacts {
  /** Present once the request exists (approval). */
  readonly id?: string;
  readonly provider: string;
  readonly role: string;
  readonly resourceScope: string;
  readonly durationSeconds: number;
  readonly reason: string;
  readonly breakGlass: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly requesterIdentity: string;
}

export interface PolicyInputParts {
  /** The requester for eligibility and routing; the would-be approver for approval. */
  readonly user: PolicyUser;
  /** Trust tier of `user` (null/undefined for an unknown principal → 0). */
  readonly userTrustTier: number | null | undefined;
  readonly requester: PolicyRequester;
  readonly request: PolicyRequestFacts;
  readonly now: Date;
}

export interface PolicyInput {
  user: { email: string; subject: string; groups: string[] };
  requester: { email: string; groups: string[]; trust_tier: number };
  request: {
    id?: string;
    provider: string;
    role: string;
    resource_scope: string;
    duration_seconds: number;
    reason: string;
    break_glass: boolean;
    metadata: Record<string, unknown>;
    requester_identity: string;
  };
  context: { trust_tier: number; now: string };
}

export function buildPolicyInput(parts: PolicyInputParts): PolicyInput {
  const { user, requester, request } = parts;
  return {
    user: { email: user.identity, subject: user.subject, groups: groupsOf(user.groups) },
    requester: {
      email: requester.identity,
      groups: groupsOf(requester.groups),
      trust_tier: requester.trustTier ?? 0,
    },
    request: {
      ...(request.id === undefined ? {} : { id: request.id }),
      provider: request.provider,
      role: request.role,
      resource_scope: request.resourceScope,
      duration_seconds: request.durationSeconds,
      reason: request.reason,
      break_glass: request.breakGlass,
      metadata: { ...request.metadata },
      requester_identity: request.requesterIdentity,
    },
    context: { trust_tier: parts.userTrustTier ?? 0, now: parts.now.toISOString() },
  };
}

function groupsOf(groups: readonly string[] | null | undefined): string[] {
  return groups ? [...groups] : [];
}
