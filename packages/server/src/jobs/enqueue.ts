import { and, inArray, isNull, sql } from "drizzle-orm";
import { newUlid } from "../ulid.js";
import { atCommit, compileStatement, placeholders, type Tx } from "../store/index.js";
import { jobs } from "../store/schema.js";

/**
 * NOTIFY channel that tells every instance's runner a job was enqueued (delivered on commit). The
 * payload is the job's `run_at` in epoch milliseconds, so a runner polls only for due work and
 * merely moves its timer for later work.
 */
export const JOBS_CHANNEL = "jitsudo_jobs";

export type JobRow = typeof jobs.$inferSelect;

/** A claim on a job, from `JobRunner.lease`. */
export interface JobLease {
  lockedBy: string;
  lockedUntil: Date;
}

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  /** Default: now. */
  runAt?: Date;
  /** At most one queued job per key: while one is queued, enqueueing another adds nothing. */
  dedupeKey?: string;
  /**
   * The job is written already claimed, for the caller to run right after commit
   * (`JobRunner.runClaimed`): no runner is woken to race it, and should this process die first,
   * the others take it when the lease expires.
   */
  lease?: JobLease;
}

/**
 * Records a job in the caller's transaction, as it commits (it is not read back there), so it
 * exists exactly when the change causing it commits. Returns the row it writes; with a `dedupeKey`
 * already queued nothing is written, and the row names no job.
 */
export function enqueueJob(tx: Tx, job: NewJob): JobRow {
  const now = new Date();
  const row: JobRow = {
    id: `job_${newUlid()}`,
    kind: job.kind,
    payload: job.payload,
    runAt: job.runAt ?? now,
    attempts: job.lease ? 1 : 0,
    createdAt: now,
    lockedBy: job.lease?.lockedBy ?? null,
    lockedUntil: job.lease?.lockedUntil ?? null,
    lastError: null,
    dedupeKey: job.dedupeKey ?? null,
  };
  atCommit(
    tx,
    job.lease
      ? insertClaimed(tx, row)
      : insertNotifying(tx, { ...row, runAtMs: String(row.runAt.getTime()) }),
  );
  return row;
}

const insertJob = (tx: Tx) =>
  tx.insert(jobs).values(placeholders(jobs)).onConflictDoNothing({ target: jobs.dedupeKey });

/** Claimed by the enqueuing process: no runner needs waking. */
const insertClaimed = compileStatement<JobRow>(insertJob);

/** NOTIFY carries the job's run_at (epoch ms), only when the job was inserted. */
const insertNotifying = compileStatement<JobRow & { runAtMs: string }>(
  (tx) => sql`with inserted as (${insertJob(tx).returning({ id: jobs.id }).getSQL()})
    select pg_notify(${JOBS_CHANNEL}, ${sql.placeholder("runAtMs")}) from inserted`,
);

/** Drops the queued (not running) jobs with these dedupe keys, as `tx` commits: work its change made moot. */
export function cancelJobs(tx: Tx, dedupeKeys: readonly string[]): void {
  atCommit(tx, tx.delete(jobs).where(and(inArray(jobs.dedupeKey, [...dedupeKeys]), isNull(jobs.lockedBy))));
}
