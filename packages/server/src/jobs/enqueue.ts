import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { ulid } from "ulid";
import { sqlRows, type Tx } from "../store/index.js";
import { jobs } from "../store/schema.js";

/**
 * NOTIFY channel that tells every instance's runner a job was enqueued (delivered on commit). The
 * payload is the job's `run_at` in epoch milliseconds, so a runner polls only for due work and
 * merely moves its timer for later work.
 */
export const JOBS_CHANNEL = "jitsudo_jobs";

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  /** Default: now. */
  runAt?: Date;
  /** At most one queued job per key: enqueueing again returns the queued one. */
  dedupeKey?: string;
  /**
   * Default true. False when the caller runs the job itself right after commit (`runNow`): no
   * runner is woken to race it, and the others find the job at their next check if it is left over.
   */
  notify?: boolean;
}

/** Records a job in the caller's transaction, so it exists exactly when the change causing it commits. */
export async function enqueueJob(tx: Tx, job: NewJob): Promise<string> {
  const now = new Date();
  const runAt = job.runAt ?? now;
  const insert = tx
    .insert(jobs)
    .values({
      id: `job_${ulid()}`,
      kind: job.kind,
      payload: job.payload,
      runAt,
      createdAt: now,
      dedupeKey: job.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id });
  const [inserted] =
    job.notify === false
      ? await insert
      : await sqlRows<{ id: string }>(
          tx,
          sql`with inserted as (${insert.getSQL()})
            select id, pg_notify(${JOBS_CHANNEL}, ${String(runAt.getTime())}) from inserted`,
        );
  if (inserted) return inserted.id;
  const [existing] = await tx
    .select({ id: jobs.id })
    .from(jobs)
    .where(eq(jobs.dedupeKey, job.dedupeKey ?? ""));
  return existing.id;
}

/** Drops the queued (not running) jobs with these dedupe keys: work the caller's change made moot. */
export async function cancelJobs(tx: Tx, dedupeKeys: readonly string[]): Promise<void> {
  await tx.delete(jobs).where(and(inArray(jobs.dedupeKey, [...dedupeKeys]), isNull(jobs.lockedBy)));
}
