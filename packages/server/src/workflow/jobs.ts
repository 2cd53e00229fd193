/**
 * The workflow's durable jobs (spec 03, "Granting", "Ending", "Background jobs"): grant, expire,
 * revoke at the provider, pending and AI-review timeouts. Each is enqueued in the transaction
 * that causes it and is safe to run again after a crash: it re-reads the request and acts only
 * when the state still calls for it; providers are idempotent per request ID.
 */
import type { Logger } from "pino";
import { appendAuditEvent } from "../audit/index.js";
import {
  type BatchedJob,
  type BatchJobHandler,
  enqueueJob,
  finishJob,
  type JobHandler,
  type JobLease,
  type JobRow,
  type JobRun,
} from "../jobs/index.js";
import type { ElevationRequest, Grant } from "../providers/provider.js";
import type { ProviderRegistry } from "../providers/registry.js";
import type { Tx } from "../store/index.js";
import type { Clock } from "./clock.js";
import type { WorkflowConfig } from "./config.js";
import type { CredentialCipher } from "./crypto.js";
import { requestEvent } from "./events.js";
import type { RequestRecord } from "./record.js";
import * as repo from "./repo.js";
import { aiReviewTimeoutKey, pendingTimeoutKey } from "./timeouts.js";
import { type Transitions, sealCredentials } from "./transition.js";

export const WORKFLOW_JOB_KINDS = [
  "grant",
  "expire",
  "revoke",
  "pending_timeout",
  "ai_review_timeout",
] as const;
export type WorkflowJobKind = (typeof WORKFLOW_JOB_KINDS)[number];

export type RevokeTrigger = "revoke" | "expiry";

interface RequestPayload {
  request_id: string;
}
interface RevokePayload extends RequestPayload {
  trigger: RevokeTrigger;
}

/** Longest provider error message kept in `last_error` and audit details. */
const MAX_ERROR_LENGTH = 1000;

/** What lets an approving call run its grant job in this process: the job runner. */
export interface InlineRunner {
  lease(): JobLease;
  runClaimed(job: JobRow): Promise<void>;
}

/** A request just approved in a committed transaction, and its grant job. */
export interface InlineGrant {
  readonly approved: RequestRecord;
  readonly job: JobRow;
}

export interface GrantJobsDeps {
  readonly transitions: Transitions;
  readonly providers: ProviderRegistry;
  readonly cipher: CredentialCipher;
  readonly clock: Clock;
  readonly config: WorkflowConfig;
  readonly log: Logger;
}

export class GrantJobs {
  readonly #d: GrantJobsDeps;
  #runner: InlineRunner | undefined;
  /** Grants running inline, by request: the record the approval committed, then the one the grant left. */
  readonly #inline = new Map<string, { committed: RequestRecord; after?: RequestRecord }>();

  constructor(deps: GrantJobsDeps) {
    this.#d = deps;
  }

  /** Lets approving calls run their grant job at once through the job runner. */
  attachRunner(runner: InlineRunner): void {
    this.#runner = runner;
  }

  /**
   * The grant job of an approval, in its transaction. With a runner attached it is written claimed
   * by this process, which runs it right after commit (`runInline`); otherwise the runners are woken.
   */
  enqueueGrant(tx: Tx, r: RequestRecord): JobRow {
    return enqueueJob(tx, {
      kind: "grant",
      payload: { request_id: r.id },
      dedupeKey: `grant:${r.id}`,
      lease: this.#runner?.lease(),
    });
  }

  /** Handlers by job kind, for the job runner. */
  handlers(): Record<WorkflowJobKind, JobHandler | BatchJobHandler> {
    return {
      grant: (p, run) => this.grant((p as RequestPayload).request_id, run),
      expire: { batch: (due) => this.expire(due) },
      revoke: { batch: (due) => this.revoke(due) },
      pending_timeout: (p) => this.pendingTimeout((p as RequestPayload).request_id),
      ai_review_timeout: (p) => this.aiReviewTimeout((p as RequestPayload).request_id),
    };
  }

  /**
   * Runs a just-committed grant job in this process and waits up to `workflow.grant_wait`; past
   * that the job carries on in the background. Resolves to the request as the grant left it, when
   * it finished in time (undefined otherwise, or with no runner attached).
   */
  async runInline({ approved, job }: InlineGrant): Promise<RequestRecord | undefined> {
    if (!this.#runner) return undefined;
    const entry: { committed: RequestRecord; after?: RequestRecord } = { committed: approved };
    this.#inline.set(approved.id, entry);
    const run = this.#runner
      .runClaimed(job)
      .catch((err: unknown) => {
        this.#d.log.warn({ job_id: job.id, err: messageOf(err) }, "inline grant did not complete");
      })
      .finally(() => this.#inline.delete(approved.id));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      run,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.#d.config.grantWaitMs);
      }),
    ]);
    clearTimeout(timer);
    return entry.after;
  }

  enqueueRevoke(tx: Tx, r: RequestRecord, trigger: RevokeTrigger, suffix = ""): JobRow {
    return enqueueJob(tx, {
      kind: "revoke",
      payload: { request_id: r.id, trigger },
      dedupeKey: `revoke:${r.id}${suffix}`,
    });
  }

  /** At submission of a request that waits for approval. */
  schedulePendingTimeouts(tx: Tx, r: RequestRecord): void {
    const created = r.createdAt.getTime();
    enqueueJob(tx, {
      kind: "pending_timeout",
      payload: { request_id: r.id },
      runAt: new Date(created + this.#d.config.pendingTtlMs),
      dedupeKey: pendingTimeoutKey(r.id),
    });
    if (r.approverTier === "ai_review") {
      enqueueJob(tx, {
        kind: "ai_review_timeout",
        payload: { request_id: r.id },
        runAt: new Date(created + this.#d.config.aiReviewTimeoutMs),
        dedupeKey: aiReviewTimeoutKey(r.id),
      });
    }
  }

  async grant(requestId: string, run: JobRun): Promise<void> {
    const d = this.#d;
    // Run inline, the approval has just committed this record: reading it back would return the same.
    const inline = this.#inline.get(requestId);
    const r = inline?.committed ?? (await repo.findRequest(d.transitions.store.db, requestId));
    if (r?.state !== "APPROVED") return;
    let grant: Grant;
    try {
      const provider = d.providers.get(r.provider);
      if (!provider) throw new Error(`provider "${r.provider}" is not configured`);
      grant = await provider.grant(elevationOf(r));
    } catch (err) {
      await this.#grantFailed(requestId, messageOf(err), run);
      return;
    }
    const after = await d.transitions.locked(requestId, async (tx, cur) => {
      if (cur.state !== "APPROVED") {
        // Revoked while the provider was granting: take the new binding away again.
        const revoked = d.transitions.touch(tx, cur, { revokeToken: grant.revokeToken });
        this.enqueueRevoke(tx, cur, "revoke", ":after-grant");
        finishJob(tx, run);
        return revoked;
      }
      const now = d.clock.now();
      const latest = (cur.approvedAt ?? now).getTime() + cur.durationSeconds * 1000;
      const expiresAt = new Date(Math.min(grant.expiresAt.getTime(), latest));
      repo.insertCredentials(
        tx,
        requestId,
        sealCredentials(d.cipher, requestId, {
          credentials: grant.credentials.map((c) => ({ name: c.name, value: c.value })),
          issuedAt: grant.issuedAt.toISOString(),
        }),
      );
      const active = d.transitions.setState(tx, cur, "ACTIVE", {
        activatedAt: now,
        expiresAt,
        revokeToken: grant.revokeToken,
        lastError: null,
      });
      await appendAuditEvent(
        tx,
        requestEvent(active, "system", "grant.issued", { expires_at: expiresAt.toISOString() }),
      );
      enqueueJob(tx, {
        kind: "expire",
        payload: { request_id: requestId },
        runAt: expiresAt,
        dedupeKey: `expire:${requestId}`,
      });
      finishJob(tx, run);
      return active;
    });
    if (inline) inline.after = after;
  }

  /** Keeps the request APPROVED and asks for a retry, or gives up (FAILED) past the retry window. */
  async #grantFailed(requestId: string, error: string, run: JobRun): Promise<void> {
    const d = this.#d;
    const outcome = await d.transitions.locked(requestId, async (tx, r) => {
      if (r.state !== "APPROVED") return "ended" as const;
      const since = (r.approvedAt ?? r.updatedAt).getTime();
      if (d.clock.now().getTime() - since < d.config.grantRetryWindowMs) {
        await d.transitions.touch(tx, r, { lastError: error });
        return "retry" as const;
      }
      const failed = await d.transitions.setState(tx, r, "FAILED", {
        lastError: error,
        endedAt: d.clock.now(),
      });
      await appendAuditEvent(
        tx,
        requestEvent(failed, "system", "grant.failed", { error, attempts: run.attempt }, "failure"),
      );
      return "failed" as const;
    });
    if (outcome === "retry") throw new Error(`grant failed: ${error}`);
    if (outcome === "failed") {
      d.log.error(
        { request_id: requestId, err: error, attempts: run.attempt },
        "grant failed past the retry window",
      );
    }
  }

  /**
   * Expires due grants, a burst of them in one transaction: each request is locked, checked and
   * moved like any transition, and the batch takes the audit chain's head once.
   */
  async expire(due: readonly BatchedJob[]): Promise<void> {
    const d = this.#d;
    const ids = due.map((j) => (j.payload as RequestPayload).request_id);
    await d.transitions.lockedMany(ids, async (tx, rs) => {
      for (const r of rs) {
        if (r.state !== "ACTIVE" || r.expiresAt === null) continue;
        if (d.clock.now() < r.expiresAt) {
          // Woken early (clock skew between instances): come back at the expiry.
          await enqueueJob(tx, { kind: "expire", payload: { request_id: r.id }, runAt: r.expiresAt });
          continue;
        }
        const expired = await d.transitions.setState(tx, r, "EXPIRED", { endedAt: d.clock.now() });
        await appendAuditEvent(
          tx,
          requestEvent(expired, "system", "grant.expired", { expires_at: r.expiresAt.toISOString() }),
        );
        await this.enqueueRevoke(tx, expired, "expiry");
      }
      await finishJob(tx, ...due.map((j) => j.run));
    });
  }

  /**
   * Removes grants at the provider, retried (a job failed alone) until the provider confirms.
   * The calls go one after the other, so the provider sees no more concurrency than with single
   * jobs; the confirmed revokes of a batch are recorded in one transaction.
   */
  async revoke(due: readonly BatchedJob[]): Promise<void> {
    const d = this.#d;
    const ids = due.map((j) => (j.payload as RevokePayload).request_id);
    const requests = new Map((await repo.findRequests(d.transitions.store.db, ids)).map((r) => [r.id, r]));
    const confirmed: { r: RequestRecord; job: BatchedJob }[] = [];
    for (const job of due) {
      const r = requests.get((job.payload as RevokePayload).request_id);
      if (!r) continue;
      try {
        await this.#revokeAtProvider(r);
        confirmed.push({ r, job });
      } catch (err) {
        const error = messageOf(err);
        if (d.clock.now().getTime() - job.run.createdAt.getTime() >= d.config.revokeAlertAfterMs) {
          d.log.error(
            { request_id: r.id, err: error, attempts: job.run.attempt },
            "revoke_failed: still retrying",
          );
        }
        job.fail(new Error(`revoke failed: ${error}`));
      }
    }
    if (confirmed.length === 0) return;
    // The events and the jobs' completion commit together: a crash cannot record a revoke twice.
    await d.transitions.store.transaction(async (tx) => {
      for (const { r, job } of confirmed) {
        const trigger = (job.payload as RevokePayload).trigger;
        await appendAuditEvent(
          tx,
          requestEvent(r, "system", "grant.revoked", { trigger, attempts: job.run.attempt }),
        );
      }
      await finishJob(tx, ...confirmed.map((c) => c.job.run));
    });
  }

  async #revokeAtProvider(r: RequestRecord): Promise<void> {
    const provider = this.#d.providers.get(r.provider);
    if (!provider) throw new Error(`provider "${r.provider}" is not configured`);
    await provider.revoke({
      requestId: r.id,
      revokeToken: r.revokeToken ?? "",
      expiresAt: r.expiresAt ?? r.updatedAt,
    });
  }

  async pendingTimeout(requestId: string): Promise<void> {
    const d = this.#d;
    await d.transitions.locked(requestId, async (tx, r) => {
      if (r.state !== "PENDING") return;
      const expired = await d.transitions.setState(tx, r, "EXPIRED", { endedAt: d.clock.now() });
      await appendAuditEvent(
        tx,
        requestEvent(expired, "system", "request.expired", { after: "pending_ttl" }),
      );
    });
  }

  /** No AI decision in time: the request goes to human approvers. */
  async aiReviewTimeout(requestId: string): Promise<void> {
    const d = this.#d;
    await d.transitions.locked(requestId, async (tx, r) => {
      if (r.state !== "PENDING" || r.approverTier !== "ai_review") return;
      const escalated = await d.transitions.touch(tx, r, { approverTier: "human" });
      await appendAuditEvent(
        tx,
        requestEvent(escalated, "system", "request.ai_escalated", {
          reasoning: "no AI decision within workflow.ai_review_timeout",
        }),
      );
    });
  }
}

export function elevationOf(r: RequestRecord): ElevationRequest {
  return {
    id: r.id,
    userIdentity: r.requesterIdentity,
    userGroups: r.requesterGroups,
    role: r.role,
    scope: r.resourceScope,
    durationSeconds: r.durationSeconds,
    reason: r.reason,
    metadata: r.metadata,
  };
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
