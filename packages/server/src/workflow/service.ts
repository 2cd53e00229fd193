/**
 * The request state machine (spec 03): submission, reads with visibility rules, approval,
 * denial/withdrawal, revocation, credentials and break-glass review. Every transition is one
 * transaction that locks the request row, checks the from-state, updates it, appends the audit
 * event(s) and enqueues the jobs it causes.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { appendAuditEvent } from "../audit/index.js";
import type { Caller } from "../auth/principal.js";
import { AppError, invalidArgument, permissionDenied, wrongState } from "../errors.js";
import { buildPolicyInput } from "../policy/input.js";
import type { PolicyRuntime } from "../policy/runtime.js";
import type { PrincipalService } from "../principals/service.js";
import type { ProviderRegistry } from "../providers/registry.js";
import type { Tx } from "../store/index.js";
import { type RequestAccess, notFoundError } from "./access.js";
import type { Clock } from "./clock.js";
import { MIN_DURATION_SECONDS, type WorkflowConfig } from "./config.js";
import type { CredentialCipher } from "./crypto.js";
import { requestEvent } from "./events.js";
import { newRequestId } from "./ids.js";
import type { GrantJobs, InlineGrant } from "./jobs.js";
import {
  type ElevationRequestView,
  type GrantView,
  newRequestRecord,
  type RequestRecord,
  toView,
} from "./record.js";
import * as repo from "./repo.js";
import type { RequestState } from "./states.js";
import { type Transitions, storedCredentials } from "./transition.js";

export interface SubmitInput {
  provider: string;
  role: string;
  resource_scope: string;
  duration_seconds: number;
  reason: string;
  break_glass?: boolean;
  metadata?: Record<string, unknown>;
}

export interface ListQuery {
  mine?: boolean;
  pending?: boolean;
  state?: RequestState;
  requester_identity?: string;
  provider?: string;
  /** Only break-glass requests awaiting an admin's review. */
  break_glass?: boolean;
  page_size?: number;
  page_token?: string;
}

export interface CredentialsReadInput {
  purpose?: "exec" | "shell" | "api" | "mcp";
  command?: string;
}

export interface WorkflowServiceDeps {
  readonly transitions: Transitions;
  readonly access: RequestAccess;
  readonly policies: PolicyRuntime;
  readonly principals: PrincipalService;
  readonly providers: ProviderRegistry;
  readonly cipher: CredentialCipher;
  readonly grants: GrantJobs;
  readonly clock: Clock;
  readonly config: WorkflowConfig;
}

/** How an approval ended: still waiting (for more approvals), or approved with its grant job. */
type Approval = { pending: RequestRecord } | InlineGrant;
/** How a submission ended: refused by policy, or as an approval. */
type Submission = { refused: string } | Approval;

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
const LONG_POLL_STEP_MS = 200;
const MAX_WAIT_SECONDS = 60;

export class WorkflowService {
  readonly #d: WorkflowServiceDeps;

  constructor(deps: WorkflowServiceDeps) {
    this.#d = deps;
  }

  async submit(caller: Caller, input: SubmitInput): Promise<ElevationRequestView> {
    const d = this.#d;
    const breakGlass = input.break_glass ?? false;
    const metadata = input.metadata ?? {};
    this.#checkDuration(input.duration_seconds);
    const provider = d.providers.get(input.provider);
    if (!provider) throw invalidArgument(`provider: "${input.provider}" is not configured`);
    const id = newRequestId();
    await provider.validateRequest({
      id,
      userIdentity: caller.identity,
      userGroups: caller.groups,
      role: input.role,
      scope: input.resource_scope,
      durationSeconds: input.duration_seconds,
      reason: input.reason,
      metadata,
    });

    const facts = {
      provider: input.provider,
      role: input.role,
      resourceScope: input.resource_scope,
      durationSeconds: input.duration_seconds,
      reason: input.reason,
      breakGlass,
      metadata,
      requesterIdentity: caller.identity,
    };
    const outcome = await d.transitions.store.transaction(async (tx): Promise<Submission> => {
      const tier = await d.principals.recordSeen(caller.identity, tx);
      const policyInput = buildPolicyInput({
        user: { identity: caller.identity, subject: caller.subject, groups: caller.groups },
        userTrustTier: tier,
        requester: { identity: caller.identity, groups: caller.groups, trustTier: tier },
        request: facts,
        now: d.clock.now(),
      });
      const eligibility = d.policies.eligibility(policyInput).decision;
      if (!eligibility.allowed) {
        // Committed: the refusal is on record even though the caller gets an error.
        await appendAuditEvent(
          tx,
          requestEvent(
            facts,
            caller.identity,
            "request.denied_by_policy",
            { reasons: eligibility.reasons, break_glass: breakGlass },
            "failure",
          ),
        );
        return { refused: eligibility.reason };
      }
      const routing = breakGlass
        ? { approverTier: "human" as const, requiredApprovals: 1, approverGroups: [] }
        : d.policies.routing(policyInput);
      const now = d.clock.now();
      const record = newRequestRecord(id, facts, caller.groups, routing, now);
      await appendAuditEvent(
        tx,
        requestEvent(record, caller.identity, "request.created", {
          duration_seconds: record.durationSeconds,
          reason: record.reason,
          break_glass: breakGlass,
          approver_tier: record.approverTier,
          required_approvals: record.requiredApprovals,
        }),
      );
      if (!breakGlass && record.approverTier !== "auto") {
        repo.insertRequest(tx, record);
        d.grants.schedulePendingTimeouts(tx, record);
        return { pending: record };
      }
      // Approved as it is created: stored APPROVED at once, with no timeouts to schedule or cancel.
      const approved: RequestRecord = {
        ...record,
        state: "APPROVED",
        approverIdentity: breakGlass ? "break-glass" : "policy",
        approverComment: breakGlass ? "break-glass" : "auto-approved by policy",
        approvedAt: now,
      };
      repo.insertRequest(tx, approved);
      await appendAuditEvent(
        tx,
        breakGlass
          ? requestEvent(approved, caller.identity, "request.approved", {
              comment: "break-glass",
              break_glass: true,
            })
          : requestEvent(approved, "system", "request.auto_approved", { approver: "policy" }),
      );
      return { approved, job: d.grants.enqueueGrant(tx, approved) };
    });
    if ("refused" in outcome) throw new AppError("not_eligible", outcome.refused);
    if ("pending" in outcome) return toView(outcome.pending);
    return this.#grantInline(outcome);
  }

  async get(
    caller: Caller,
    id: string,
    wait?: { waitSeconds?: number; knownState?: RequestState },
  ): Promise<ElevationRequestView> {
    let r = await this.#readable(caller, id);
    const waitMs = Math.min(wait?.waitSeconds ?? 0, MAX_WAIT_SECONDS) * 1000;
    if (waitMs > 0) {
      const known = wait?.knownState ?? r.state;
      const deadline = performance.now() + waitMs;
      while (r.state === known && performance.now() < deadline) {
        await sleep(Math.min(LONG_POLL_STEP_MS, Math.max(0, deadline - performance.now())));
        r = (await repo.findRequest(this.#d.transitions.store.db, id)) ?? r;
      }
    }
    return toView(r);
  }

  async list(
    caller: Caller,
    q: ListQuery,
  ): Promise<{ requests: ElevationRequestView[]; next_page_token: string | null }> {
    const pageSize = Math.min(Math.max(q.page_size ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const seesAll = caller.admin || caller.auditor;
    const filters: repo.RequestFilters = {
      state: q.pending ? "PENDING" : q.state,
      requesterIdentity: q.mine ? caller.identity : q.requester_identity,
      provider: q.provider,
      breakGlassUnreviewed: q.break_glass,
      excludeRequester: q.pending ? caller.identity : undefined,
      // Others see their own requests and pending ones; the approval policy filters the latter below.
      ownOrPendingFor: seesAll ? undefined : caller.identity,
    };
    if (q.mine && q.requester_identity !== undefined && q.requester_identity !== caller.identity) {
      return { requests: [], next_page_token: null };
    }
    const { rows, nextAfter } = await repo.listRequests(this.#d.transitions.store.db, filters, {
      limit: pageSize,
      afterId: q.page_token === undefined ? undefined : repo.decodePageToken(q.page_token),
    });
    const visible: ElevationRequestView[] = [];
    for (const r of rows) {
      const mayApproveNeeded = q.pending || (!seesAll && r.requesterIdentity !== caller.identity);
      if (mayApproveNeeded && !(await this.#d.access.approvalDecision(caller, r)).allowed) continue;
      visible.push(toView(r));
    }
    return {
      requests: visible,
      next_page_token: nextAfter === undefined ? null : repo.encodePageToken(nextAfter),
    };
  }

  async approve(caller: Caller, id: string, comment?: string): Promise<ElevationRequestView> {
    const d = this.#d;
    const outcome = await d.transitions.locked(id, async (tx, r): Promise<Approval> => {
      if (r.requesterIdentity === caller.identity)
        throw permissionDenied("you cannot approve your own request");
      const decision = await d.access.approvalDecision(caller, r, tx);
      if (!decision.allowed) {
        throw await d.access.refuse(
          caller,
          r,
          `not allowed to approve request ${id}: ${decision.reason}`,
          tx,
        );
      }
      if (r.state !== "PENDING") {
        throw wrongState(`request ${id} is ${r.state}; only PENDING requests can be approved`);
      }
      const now = d.clock.now();
      const { recorded, approvals } = await repo.recordApproval(tx, {
        requestId: id,
        approver: caller.identity,
        comment: comment ?? null,
        at: now,
      });
      if (!recorded) {
        throw wrongState(`you have already approved request ${id}; it needs a different approver`);
      }
      if (approvals < r.requiredApprovals) {
        const recorded = d.transitions.touch(tx, r, { approvalCount: approvals });
        await appendAuditEvent(
          tx,
          requestEvent(r, caller.identity, "request.approval_recorded", {
            comment: comment ?? null,
            approvals,
            required_approvals: r.requiredApprovals,
          }),
        );
        return { pending: recorded };
      }
      const approved = d.transitions.setState(tx, r, "APPROVED", {
        approverIdentity: caller.identity,
        approverComment: comment ?? null,
        approvalCount: approvals,
        approvedAt: now,
      });
      await appendAuditEvent(
        tx,
        requestEvent(approved, caller.identity, "request.approved", {
          comment: comment ?? null,
          break_glass: false,
        }),
      );
      return { approved, job: d.grants.enqueueGrant(tx, approved) };
    });
    return "pending" in outcome ? toView(outcome.pending) : this.#grantInline(outcome);
  }

  /** Deny (an approver) or withdraw (the requester, own PENDING request): → REJECTED. */
  async deny(caller: Caller, id: string, reason: string): Promise<ElevationRequestView> {
    if (reason.trim() === "") throw invalidArgument("reason: must not be empty");
    const d = this.#d;
    await d.transitions.locked(id, async (tx, r) => {
      const withdrawing = r.requesterIdentity === caller.identity;
      if (!withdrawing) {
        const decision = await d.access.approvalDecision(caller, r, tx);
        if (!decision.allowed) {
          throw await d.access.refuse(caller, r, `not allowed to deny request ${id}: ${decision.reason}`, tx);
        }
      }
      if (r.state !== "PENDING") {
        throw wrongState(
          `request ${id} is ${r.state}; only PENDING requests can be ${withdrawing ? "withdrawn" : "denied"}`,
        );
      }
      const rejected = await d.transitions.setState(tx, r, "REJECTED", {
        approverIdentity: withdrawing ? null : caller.identity,
        approverComment: reason,
        endedAt: d.clock.now(),
      });
      await appendAuditEvent(
        tx,
        requestEvent(rejected, caller.identity, withdrawing ? "request.withdrawn" : "request.denied", {
          reason,
        }),
      );
    });
    return this.#view(id);
  }

  async revoke(caller: Caller, id: string, reason?: string): Promise<ElevationRequestView> {
    const d = this.#d;
    await d.transitions.locked(id, async (tx, r) => {
      if (r.requesterIdentity !== caller.identity && !caller.admin) {
        throw await d.access.refuse(caller, r, `only the requester or an admin may revoke request ${id}`, tx);
      }
      if (r.state === "REVOKED" || r.state === "EXPIRED") return;
      if (r.state !== "ACTIVE" && r.state !== "APPROVED") {
        throw wrongState(`request ${id} is ${r.state}; only ACTIVE or APPROVED requests can be revoked`);
      }
      const revoked = await d.transitions.setState(tx, r, "REVOKED", { endedAt: d.clock.now() });
      await appendAuditEvent(
        tx,
        requestEvent(revoked, caller.identity, "request.revoked", { reason: reason ?? null }),
      );
      await d.grants.enqueueRevoke(tx, revoked, "revoke");
    });
    return this.#view(id);
  }

  async credentials(caller: Caller, id: string, read: CredentialsReadInput = {}): Promise<GrantView> {
    const d = this.#d;
    return d.transitions.locked(id, async (tx, r) => {
      if (r.requesterIdentity !== caller.identity) {
        throw await d.access.refuse(caller, r, "only the requester may read a request's credentials", tx);
      }
      if (r.state !== "ACTIVE")
        throw wrongState(`request ${id} is ${r.state}; credentials exist only while ACTIVE`);
      if (r.expiresAt === null || d.clock.now() >= r.expiresAt) throw wrongState(`request ${id} has expired`);
      const stored = await storedCredentials(tx, d.cipher, id);
      if (!stored) throw new AppError("internal", `credentials of request ${id} are missing`);
      await appendAuditEvent(
        tx,
        requestEvent(r, caller.identity, "grant.credentials_read", {
          purpose: read.purpose ?? "api",
          command: firstWord(read.command),
        }),
      );
      return {
        request_id: id,
        credentials: stored.credentials.map((c) => ({ name: c.name, value: c.value })),
        issued_at: stored.issuedAt,
        expires_at: r.expiresAt.toISOString(),
      };
    });
  }

  /** An admin records the review of a break-glass request (`request.reviewed`). */
  async review(caller: Caller, id: string, comment: string): Promise<ElevationRequestView> {
    const d = this.#d;
    await d.transitions.locked(id, async (tx, r) => {
      if (!caller.admin)
        throw await d.access.refuse(caller, r, "only an admin may review a break-glass request", tx);
      if (!r.breakGlass) throw wrongState(`request ${id} is not a break-glass request`);
      if (r.reviewedAt !== null) throw wrongState(`request ${id} was already reviewed by ${r.reviewedBy}`);
      await repo.updateRequest(tx, id, {
        reviewedAt: d.clock.now(),
        reviewedBy: caller.identity,
        updatedAt: d.clock.now(),
      });
      await appendAuditEvent(tx, requestEvent(r, caller.identity, "request.reviewed", { comment }));
    });
    return this.#view(id);
  }

  /** An AI agent's approval over MCP (spec 10): only PENDING requests routed to `ai_review`. */
  async aiApprove(agent: string, id: string, reasoning: string): Promise<ElevationRequestView> {
    const d = this.#d;
    const approval = await this.#aiDecision(id, reasoning, async (tx, r) => {
      const now = d.clock.now();
      const approved = d.transitions.setState(tx, r, "APPROVED", {
        approverIdentity: agent,
        approverComment: "approved by AI review",
        aiReasoning: reasoning,
        approvedAt: now,
      });
      await appendAuditEvent(tx, requestEvent(approved, agent, "request.ai_approved", { reasoning }));
      return { approved, job: d.grants.enqueueGrant(tx, approved) };
    });
    return this.#grantInline(approval);
  }

  async aiDeny(agent: string, id: string, reasoning: string): Promise<ElevationRequestView> {
    const d = this.#d;
    await this.#aiDecision(id, reasoning, async (tx, r) => {
      const rejected = await d.transitions.setState(tx, r, "REJECTED", {
        approverIdentity: agent,
        approverComment: "denied by AI review",
        aiReasoning: reasoning,
        endedAt: d.clock.now(),
      });
      await appendAuditEvent(tx, requestEvent(rejected, agent, "request.ai_denied", { reasoning }));
      return undefined;
    });
    return this.#view(id);
  }

  /** Hands the request to human approvers, keeping the agent's reasoning on it. */
  async aiEscalate(
    agent: string,
    id: string,
    reasoning: string,
    recommendation: "approve" | "deny" | "none",
  ): Promise<ElevationRequestView> {
    const d = this.#d;
    await this.#aiDecision(id, reasoning, async (tx, r) => {
      const escalated = await d.transitions.touch(tx, r, { approverTier: "human", aiReasoning: reasoning });
      await appendAuditEvent(
        tx,
        requestEvent(escalated, agent, "request.ai_escalated", { reasoning, recommendation }),
      );
      return undefined;
    });
    return this.#view(id);
  }

  #aiDecision<T>(
    id: string,
    reasoning: string,
    decide: (tx: Tx, r: RequestRecord) => Promise<T>,
  ): Promise<T> {
    if (reasoning.trim() === "") throw invalidArgument("reasoning: must not be empty");
    return this.#d.transitions.locked(id, async (tx, r) => {
      if (r.state !== "PENDING" || r.approverTier !== "ai_review") {
        throw wrongState(
          `request ${id} is ${r.state} with tier ${r.approverTier}; AI decisions need PENDING ai_review`,
        );
      }
      return decide(tx, r);
    });
  }

  #checkDuration(seconds: number): void {
    const max = this.#d.config.maxDurationSeconds;
    if (!Number.isInteger(seconds) || seconds < MIN_DURATION_SECONDS || seconds > max) {
      throw invalidArgument(
        `duration_seconds: must be an integer in [${MIN_DURATION_SECONDS}, ${max}], got ${seconds}`,
      );
    }
  }

  async #readable(caller: Caller, id: string): Promise<RequestRecord> {
    const r = await repo.findRequest(this.#d.transitions.store.db, id);
    if (!r || !(await this.#d.access.canRead(caller, r))) throw notFoundError(id);
    return r;
  }

  /** The state after the call, for its answer; the caller acted on it, so no visibility check. */
  /**
   * Grants a just-approved request in this process, waiting up to `workflow.grant_wait`, and
   * answers with the request as the grant left it (ACTIVE, or APPROVED while it is retried).
   */
  async #grantInline(approval: InlineGrant): Promise<ElevationRequestView> {
    const after = await this.#d.grants.runInline(approval);
    return after ? toView(after) : this.#view(approval.approved.id);
  }

  async #view(id: string): Promise<ElevationRequestView> {
    const r = await repo.findRequest(this.#d.transitions.store.db, id);
    if (!r) throw notFoundError(id);
    return toView(r);
  }
}

function firstWord(command: string | undefined): string | null {
  if (command === undefined) return null;
  const word = command.trim().split(/\s+/, 1)[0];
  return word === "" ? null : word.slice(0, 256);
}
