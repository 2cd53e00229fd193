/**
 * Who may see and act on a request (spec 03, "Who may see and do what"). A request the caller
 * may not read answers 404, so every refusal here first asks whether the caller can read it.
 */
import type { Caller } from "../auth/principal.js";
import { type AppError, notFound, permissionDenied } from "../errors.js";
import { buildPolicyInput } from "../policy/input.js";
import type { PolicyRuntime } from "../policy/runtime.js";
import type { Decision } from "../policy/types.js";
import type { Db } from "../store/index.js";
import type { Clock } from "./clock.js";
import type { RequestRecord } from "./record.js";

/** Looks up trust tiers (0 for unknown principals), inside the caller's transaction when given one. */
export type TrustTierLookup = (identity: string, db?: Db) => Promise<number>;

export class RequestAccess {
  constructor(
    private readonly policies: PolicyRuntime,
    private readonly trustTier: TrustTierLookup,
    private readonly clock: Clock,
  ) {}

  /** The approval policies' answer for `caller` on `r`, whatever its state; never for the requester. */
  async approvalDecision(caller: Caller, r: RequestRecord, db?: Db): Promise<Decision> {
    if (caller.identity === r.requesterIdentity) {
      return { allowed: false, reason: "you cannot approve your own request", reasons: [] };
    }
    const [callerTier, requesterTier] = await Promise.all([
      this.trustTier(caller.identity, db),
      this.trustTier(r.requesterIdentity, db),
    ]);
    const input = buildPolicyInput({
      user: { identity: caller.identity, subject: caller.subject, groups: caller.groups },
      userTrustTier: callerTier,
      requester: { identity: r.requesterIdentity, groups: r.requesterGroups, trustTier: requesterTier },
      request: {
        id: r.id,
        provider: r.provider,
        role: r.role,
        resourceScope: r.resourceScope,
        durationSeconds: r.durationSeconds,
        reason: r.reason,
        breakGlass: r.breakGlass,
        metadata: r.metadata,
        requesterIdentity: r.requesterIdentity,
      },
      now: this.clock.now(),
    });
    return this.policies.approval(input).decision;
  }

  /** Requester: own; admin and auditor: all; others: pending requests they may approve. */
  async canRead(caller: Caller, r: RequestRecord, db?: Db): Promise<boolean> {
    if (caller.admin || caller.auditor || caller.identity === r.requesterIdentity) return true;
    return r.state === "PENDING" && (await this.approvalDecision(caller, r, db)).allowed;
  }

  /** 403 with `detail` when the caller may read the request, else the 404 that hides it. */
  async refuse(caller: Caller, r: RequestRecord, detail: string, db?: Db): Promise<AppError> {
    return (await this.canRead(caller, r, db)) ? permissionDenied(detail) : notFoundError(r.id);
  }
}

export function notFoundError(id: string): AppError {
  return notFound(`request ${id} not found`);
}
