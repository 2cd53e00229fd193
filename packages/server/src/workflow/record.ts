/**
 * A request as the workflow holds it (one row of `requests`), and its API shape (spec 02,
 * "ElevationRequest"): snake_case, RFC 3339 UTC with milliseconds, unset fields `null`.
 */
import type { ApproverTier, Routing } from "../policy/types.js";
import type { RequestState } from "./states.js";

export interface RequestRecord {
  id: string;
  state: RequestState;
  requesterIdentity: string;
  /** The requester's groups at submission, for approval policies and the provider. */
  requesterGroups: string[];
  provider: string;
  role: string;
  resourceScope: string;
  durationSeconds: number;
  reason: string;
  breakGlass: boolean;
  metadata: Record<string, unknown>;
  approverTier: ApproverTier;
  requiredApprovals: number;
  approvalCount: number;
  approverGroups: string[];
  approverIdentity: string | null;
  approverComment: string | null;
  aiReasoning: string | null;
  createdAt: Date;
  updatedAt: Date;
  approvedAt: Date | null;
  activatedAt: Date | null;
  expiresAt: Date | null;
  endedAt: Date | null;
  lastError: string | null;
  /** The provider's revoke token once granted (not a secret: it names the binding, not a credential). */
  revokeToken: string | null;
  reviewedAt: Date | null;
  reviewedBy: string | null;
}

/** What a submission says, before the policies route it. */
export type SubmittedFacts = Pick<
  RequestRecord,
  | "provider"
  | "role"
  | "resourceScope"
  | "durationSeconds"
  | "reason"
  | "breakGlass"
  | "metadata"
  | "requesterIdentity"
>;

/** A request as submitted and routed: PENDING, nothing decided yet. */
export function newRequestRecord(
  id: string,
  facts: SubmittedFacts,
  requesterGroups: readonly string[],
  routing: Routing,
  now: Date,
): RequestRecord {
  return {
    id,
    state: "PENDING",
    ...facts,
    requesterGroups: [...requesterGroups],
    approverTier: routing.approverTier,
    requiredApprovals: routing.requiredApprovals,
    approvalCount: 0,
    approverGroups: [...routing.approverGroups],
    approverIdentity: null,
    approverComment: null,
    aiReasoning: null,
    createdAt: now,
    updatedAt: now,
    approvedAt: null,
    activatedAt: null,
    expiresAt: null,
    endedAt: null,
    lastError: null,
    revokeToken: null,
    reviewedAt: null,
    reviewedBy: null,
  };
}

export interface ElevationRequestView {
  id: string;
  state: RequestState;
  requester_identity: string;
  provider: string;
  role: string;
  resource_scope: string;
  duration_seconds: number;
  reason: string;
  break_glass: boolean;
  metadata: Record<string, unknown>;
  approver_tier: ApproverTier;
  approver_groups: string[];
  required_approvals: number;
  approvals: number;
  approver_identity: string | null;
  approver_comment: string | null;
  ai_reasoning: string | null;
  created_at: string;
  updated_at: string;
  approved_at: string | null;
  activated_at: string | null;
  expires_at: string | null;
  ended_at: string | null;
  last_error: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
}

export interface GrantView {
  request_id: string;
  credentials: { name: string; value: string }[];
  issued_at: string;
  expires_at: string;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function toView(r: RequestRecord): ElevationRequestView {
  return {
    id: r.id,
    state: r.state,
    requester_identity: r.requesterIdentity,
    provider: r.provider,
    role: r.role,
    resource_scope: r.resourceScope,
    duration_seconds: r.durationSeconds,
    reason: r.reason,
    break_glass: r.breakGlass,
    metadata: r.metadata,
    approver_tier: r.approverTier,
    approver_groups: r.approverGroups,
    required_approvals: r.requiredApprovals,
    approvals: r.approvalCount,
    approver_identity: r.approverIdentity,
    approver_comment: r.approverComment,
    ai_reasoning: r.aiReasoning,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    approved_at: iso(r.approvedAt),
    activated_at: iso(r.activatedAt),
    expires_at: iso(r.expiresAt),
    ended_at: iso(r.endedAt),
    last_error: r.lastError,
    reviewed_at: iso(r.reviewedAt),
    reviewed_by: r.reviewedBy,
  };
}
