/**
 * The durable job runner (spec 03 "Background jobs"). Due jobs are claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease, so any number of instances work the same queue and no job
 * runs twice at once; a lease left by a crashed instance expires and the job is claimed again.
 * The runner sleeps until the earliest due job (or lease expiry) and wakes on NOTIFY, not on a poll:
 * a notified job that is due makes it poll, a later one only brings its timer forward.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { and, asc, eq, inArray, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { atCommit, compileStatement, type Store, sqlRows, type Tx } from "../store/index.js";
import { jobs } from "../store/schema.js";
import { retryDelayMs } from "./backoff.js";
import { JOBS_CHANNEL, type JobLease, type JobRow } from "./enqueue.js";

/** What a handler learns about its run. */
export interface JobRun {
  readonly jobId: string;
  /** 1 for the first run of the job. */
  readonly attempt: number;
  /** When the job was first enqueued. */
  readonly createdAt: Date;
}

/** Runs whose handler completed the job itself (`finishJob`): the runner has nothing left to delete. */
const finishedRuns = new WeakSet<JobRun>();

/**
 * Completes jobs inside the handler's own last transaction, so their effect and their completion
 * commit together: a crash in between can no longer run a job a second time, and the runner
 * spares a statement. Should that transaction roll back while the handler still returns normally,
 * the jobs keep their claim until the lease expires and then run again.
 */
export function finishJob(tx: Tx, ...runs: JobRun[]): void {
  const ids = runs.map((r) => r.jobId);
  atCommit(
    tx,
    ids.length === 1 ? deleteJob(tx, { id: ids[0] }) : tx.delete(jobs).where(inArray(jobs.id, ids)),
  );
  for (const run of runs) finishedRuns.add(run);
}

const deleteJob = compileStatement<{ id: string }>((tx) =>
  tx.delete(jobs).where(eq(jobs.id, sql.placeholder("id"))),
);

/** Finishing normally completes the job; throwing schedules a retry with backoff. */
export type JobHandler = (payload: unknown, run: JobRun) => Promise<void>;

export interface BatchedJob {
  readonly payload: unknown;
  readonly run: JobRun;
  /** Schedules a retry of this job alone (with backoff); the others of the batch complete. */
  fail(error: unknown): void;
}

/**
 * Runs the due jobs of its kind together, up to `batchSize` in one attempt (one transaction, say,
 * for a burst of expiries). Finishing completes every job not failed with `fail`; throwing retries
 * them all.
 */
export interface BatchJobHandler {
  readonly batch: (jobs: readonly BatchedJob[]) => Promise<void>;
}

export interface JobRunnerOptions {
  handlers: Readonly<Record<string, JobHandler | BatchJobHandler>>;
  log: Logger;
  /** Attempts run at once by this instance (default 16); an attempt of a batch handler runs several jobs. */
  concurrency?: number;
  /** Most jobs in one attempt of a batch handler (default 100). */
  batchSize?: number;
  /** How long a claim holds without a heartbeat (default 15 s). */
  leaseMs?: number;
  /** Retry delay after a failed attempt (default exponential backoff with jitter). */
  retryDelayMs?: (attempt: number) => number;
  /** Upper bound on sleeping between checks, a safety net for lost notifications (default 30 s). */
  maxSleepMs?: number;
}

export interface JobMetrics {
  queued: number;
  failing: number;
}

export class JobRunner {
  readonly #store: Store;
  readonly #o: Required<Omit<JobRunnerOptions, "handlers" | "log">> &
    Pick<JobRunnerOptions, "handlers" | "log">;
  readonly #me = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  /** The attempt each claimed job is part of. */
  readonly #running = new Map<string, Promise<void>>();
  #attempts = 0;
  #timer: NodeJS.Timeout | undefined;
  /** When the timer fires (epoch ms; Infinity when none is set). */
  #timerAt = Number.POSITIVE_INFINITY;
  /** A poll found every slot busy: the next job to finish polls again. */
  #full = false;
  #unlisten: (() => Promise<void>) | undefined;
  #polling: Promise<void> | undefined;
  #pollAgain = false;
  #started = false;
  #stopped = false;

  constructor(store: Store, opts: JobRunnerOptions) {
    this.#store = store;
    this.#o = {
      concurrency: 16,
      batchSize: 100,
      leaseMs: 15_000,
      retryDelayMs,
      maxSleepMs: 30_000,
      ...opts,
    };
  }

  get instanceId(): string {
    return this.#me;
  }

  async start(): Promise<void> {
    this.#started = true;
    this.#unlisten = await this.#store.listen(JOBS_CHANNEL, (runAt) => this.#dueAt(Number(runAt)));
    this.wake();
  }

  /** Looks for due work now (also called after local enqueues). */
  wake(): void {
    if (!this.#started || this.#stopped) return;
    if (this.#polling) {
      this.#pollAgain = true;
      return;
    }
    this.#polling = this.#poll()
      .catch((err: unknown) => {
        this.#o.log.warn({ err: messageOf(err) }, "job queue poll failed; retrying");
        this.#sleep(1000);
      })
      .finally(() => {
        this.#polling = undefined;
        if (this.#pollAgain) {
          this.#pollAgain = false;
          this.wake();
        }
      });
  }

  /** Makes sure the runner looks for work by `runAt` (epoch ms): at once if it is due or unknown. */
  #dueAt(runAt: number): void {
    if (this.#polling || !Number.isFinite(runAt) || runAt <= Date.now()) this.wake();
    else if (runAt < this.#timerAt) this.#sleep(runAt - Date.now());
  }

  /** A claim for a job this process enqueues and then runs itself (`NewJob.lease`, `runClaimed`). */
  lease(): JobLease {
    return { lockedBy: this.#me, lockedUntil: new Date(Date.now() + this.#o.leaseMs) };
  }

  /**
   * Runs a job enqueued with this runner's `lease`, once its transaction has committed. Resolves
   * when the attempt is over. A stopping runner leaves it to the others, after the lease.
   */
  async runClaimed(job: JobRow): Promise<void> {
    if (this.#stopped || job.lockedBy !== this.#me) return this.runNow(job.id);
    return this.#execute([job]);
  }

  /**
   * Runs one job now in this process if it is due and unclaimed; otherwise waits until whoever
   * holds it finishes the attempt. Resolves when the attempt is over (whatever its outcome).
   */
  async runNow(jobId: string): Promise<void> {
    if (this.#stopped) return;
    const [job] = await this.#claim(eq(jobs.id, jobId), 1);
    if (job) return this.#execute([job]);
    const running = this.#running.get(jobId);
    if (running) return running;
    await this.#waitForAttempt(jobId);
  }

  /**
   * Stops claiming, lets running jobs finish for up to `graceMs`, then releases the claims of any
   * still running so another instance can take them at once.
   */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#unlisten?.().catch(() => undefined);
    await this.#polling;
    const all = Promise.allSettled(this.#running.values());
    const grace = new Promise((r) => setTimeout(r, graceMs).unref());
    await Promise.race([all, grace]);
    const left = [...this.#running.keys()];
    if (left.length > 0) {
      await this.#store.db
        .update(jobs)
        .set({ lockedBy: null, lockedUntil: null })
        .where(and(inArray(jobs.id, left), eq(jobs.lockedBy, this.#me)))
        .catch(() => undefined);
    }
  }

  /** Queue sizes for metrics. */
  async metrics(): Promise<JobMetrics> {
    const [row] = await this.#store.db
      .select({
        queued: sql<number>`count(*)::int`,
        failing: sql<number>`(count(*) filter (where ${jobs.lastError} is not null))::int`,
      })
      .from(jobs);
    return { queued: Number(row.queued), failing: Number(row.failing) };
  }

  async #poll(): Promise<void> {
    for (;;) {
      if (this.#stopped) return;
      const free = this.#o.concurrency - this.#attempts;
      if (free <= 0) {
        this.#full = true;
        return;
      }
      const claimed = await this.#claim(undefined, free);
      for (const group of await this.#group(claimed)) void this.#execute(group);
      if (claimed.length < free) break;
    }
    await this.#scheduleNext();
  }

  #claim(only: SQL | undefined, limit: number): Promise<JobRow[]> {
    const now = new Date();
    const db = this.#store.db;
    const due = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(only, lte(jobs.runAt, now), or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, now))))
      .orderBy(asc(jobs.runAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    return db
      .update(jobs)
      .set({
        lockedBy: this.#me,
        lockedUntil: new Date(now.getTime() + this.#o.leaseMs),
        attempts: sql`${jobs.attempts} + 1`,
      })
      .where(inArray(jobs.id, due))
      .returning();
  }

  /** One attempt per job, but the jobs of a batched kind go together, topped up to a full batch. */
  async #group(claimed: JobRow[]): Promise<JobRow[][]> {
    const attempts: JobRow[][] = [];
    const batches = new Map<string, JobRow[]>();
    for (const job of claimed) {
      if (typeof this.#o.handlers[job.kind] === "function") attempts.push([job]);
      else batches.set(job.kind, [...(batches.get(job.kind) ?? []), job]);
    }
    for (const [kind, batch] of batches) {
      const room = this.#o.batchSize - batch.length;
      attempts.push(room > 0 ? [...batch, ...(await this.#claim(eq(jobs.kind, kind), room))] : batch);
    }
    return attempts;
  }

  #execute(group: JobRow[]): Promise<void> {
    this.#attempts++;
    const done = this.#attempt(group).finally(() => {
      this.#attempts--;
      for (const job of group) this.#running.delete(job.id);
      if (this.#full) {
        this.#full = false;
        this.wake();
      }
    });
    for (const job of group) this.#running.set(job.id, done);
    return done;
  }

  /** Runs the jobs of one attempt: one job, or a batch of one kind. */
  async #attempt(group: JobRow[]): Promise<void> {
    const db = this.#store.db;
    const ids = group.map((j) => j.id);
    const heartbeat = setInterval(() => {
      db.update(jobs)
        .set({ lockedUntil: new Date(Date.now() + this.#o.leaseMs) })
        .where(and(inArray(jobs.id, ids), eq(jobs.lockedBy, this.#me)))
        .catch(() => undefined);
    }, this.#o.leaseMs / 3);
    heartbeat.unref();
    const failed = new Map<JobRow, string>();
    const batch: BatchedJob[] = group.map((j) => ({
      payload: j.payload,
      run: { jobId: j.id, attempt: j.attempts, createdAt: j.createdAt },
      fail: (err) => failed.set(j, messageOf(err)),
    }));
    try {
      const handler = this.#o.handlers[group[0].kind];
      if (!handler) throw new Error(`no handler for job kind "${group[0].kind}"`);
      if (typeof handler === "function") await handler(batch[0].payload, batch[0].run);
      else await handler.batch(batch);
    } catch (err) {
      for (const j of group) failed.set(j, messageOf(err));
    } finally {
      clearInterval(heartbeat);
    }
    const done = batch.filter((b, i) => !finishedRuns.has(b.run) && !failed.has(group[i]));
    if (done.length > 0) {
      await db
        .delete(jobs)
        .where(
          and(
            inArray(
              jobs.id,
              done.map((b) => b.run.jobId),
            ),
            eq(jobs.lockedBy, this.#me),
          ),
        )
        .catch((e: unknown) => this.#o.log.error({ err: messageOf(e) }, "could not delete finished jobs"));
    }
    for (const [job, error] of failed) await this.#retryLater(job, error);
  }

  /** Releases a failed job with its error, due again after the backoff. */
  async #retryLater(job: JobRow, error: string): Promise<void> {
    const delay = this.#o.retryDelayMs(job.attempts);
    this.#o.log.warn(
      { job_id: job.id, kind: job.kind, attempt: job.attempts, retry_in_ms: delay, err: error },
      "job failed",
    );
    const runAt = Date.now() + delay;
    await this.#store.db
      .update(jobs)
      .set({ lockedBy: null, lockedUntil: null, lastError: error, runAt: new Date(runAt) })
      .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, this.#me)))
      .catch((e: unknown) =>
        this.#o.log.error({ job_id: job.id, err: messageOf(e) }, "could not record job failure"),
      );
    this.#dueAt(runAt);
  }

  /**
   * Sleeps until the earliest unclaimed job or the earliest lease to expire. Both come from the
   * run_at index: claimed jobs were due when claimed, so their leases are among the due rows, and
   * right after a poll those are only the jobs running somewhere.
   */
  async #scheduleNext(): Promise<void> {
    const now = new Date().toISOString();
    const [row] = await sqlRows<{ next: Date | string | null }>(
      this.#store.db,
      sql`select least(
      (select ${jobs.runAt} from ${jobs}
        where ${jobs.lockedUntil} is null or ${jobs.lockedUntil} <= ${now}::timestamptz
        order by ${jobs.runAt} limit 1),
      (select min(${jobs.lockedUntil}) from ${jobs}
        where ${jobs.runAt} <= ${now}::timestamptz and ${jobs.lockedUntil} > ${now}::timestamptz)
    ) as next`,
    );
    const next = row?.next == null ? undefined : new Date(row.next).getTime();
    const delay =
      next === undefined ? this.#o.maxSleepMs : Math.max(0, Math.min(next - Date.now(), this.#o.maxSleepMs));
    this.#sleep(delay);
  }

  #sleep(ms: number): void {
    clearTimeout(this.#timer);
    this.#timerAt = Number.POSITIVE_INFINITY;
    if (this.#stopped) return;
    this.#timerAt = Date.now() + ms;
    this.#timer = setTimeout(() => {
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.wake();
    }, ms);
    this.#timer.unref();
  }

  async #waitForAttempt(jobId: string): Promise<void> {
    const [before] = await this.#store.db.select().from(jobs).where(eq(jobs.id, jobId));
    if (!before) return;
    if (before.lockedBy === null && before.runAt.getTime() > Date.now()) return; // not due: no attempt
    // Our claim skipped a row another claim had locked; if that claim had not committed when we
    // read the row, the attempt to wait for is the next one, not the last.
    const attempt = before.lockedBy === null ? before.attempts + 1 : before.attempts;
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      if (this.#stopped) return;
      const [now] = await this.#store.db.select().from(jobs).where(eq(jobs.id, jobId));
      if (!now || now.attempts > attempt || (now.attempts === attempt && now.lockedBy === null)) return;
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
