import { eq, sql } from "drizzle-orm";
import { ulid } from "ulid";
import type { Tx } from "../store/index.js";
import { jobs } from "../store/schema.js";

/** NOTIFY channel that wakes every instance's runner when a job is enqueued (delivered on commit). */
export const JOBS_CHANNEL = "jitsudo_jobs";

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  /** Default: now. */
  runAt?: Date;
  /** At most one queued job per key: enqueueing again returns the queued one. */
  dedupeKey?: string;
}

/** Records a job in the caller's transaction, so it exists exactly when the change causing it commits. */
export async function enqueueJob(tx: Tx, job: NewJob): Promise<string> {
  const now = new Date();
  const [inserted] = await tx
    .insert(jobs)
    .values({
      id: `job_${ulid()}`,
      kind: job.kind,
      payload: job.payload,
      runAt: job.runAt ?? now,
      createdAt: now,
      dedupeKey: job.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id });
  await tx.execute(sql`select pg_notify(${JOBS_CHANNEL}, '')`);
  if (inserted) return inserted.id;
  const [existing] = await tx
    .select({ id: jobs.id })
    .from(jobs)
    .where(eq(jobs.dedupeKey, job.dedupeKey ?? ""));
  return existing.id;
}
