import { eq } from "drizzle-orm";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import {
  enqueueJob,
  finishJob,
  type JobHandler,
  type JobRun,
  JobRunner,
  retryDelayMs,
} from "../../src/jobs/index.js";
import type { Store } from "../../src/store/index.js";
import { jobs } from "../../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "../support/index.js";

const log = pino({ level: "silent" });

describe("retry delay", () => {
  it("doubles from 1 s with ±20% jitter and caps at 60 s", () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(1000);
    expect(retryDelayMs(3, () => 0.5)).toBe(4000);
    expect(retryDelayMs(30, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(2, () => 0)).toBe(1600);
    expect(retryDelayMs(2, () => 1)).toBe(2400);
  });
});

describe.each(STORE_KINDS)("job runner on %s", (kind) => {
  let store: Store;
  const runners: JobRunner[] = [];
  const runner = async (
    handlers: Record<string, JobHandler>,
    opts: { retryDelayMs?: (n: number) => number; leaseMs?: number } = {},
  ) => {
    const r = new JobRunner(store, { handlers, log, ...opts });
    runners.push(r);
    await r.start();
    return r;
  };
  const enqueue = (job: Parameters<typeof enqueueJob>[1]) =>
    store.transaction(async (tx) => enqueueJob(tx, job).id);
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop(1000);
    await store?.close();
  });

  it("runs a job enqueued in a committed transaction, then deletes it", async () => {
    store = await createTestStore({ kind });
    const seen: unknown[] = [];
    await runner({ hello: async (p, run) => void seen.push({ p, attempt: run.attempt }) });
    const id = await enqueue({ kind: "hello", payload: { n: 1 } });
    await expect.poll(() => seen).toEqual([{ p: { n: 1 }, attempt: 1 }]);
    await expect.poll(async () => (await store.db.select().from(jobs).where(eq(jobs.id, id))).length).toBe(0);
  });

  it("never runs the job of a rolled-back transaction", async () => {
    store = await createTestStore({ kind });
    const seen: unknown[] = [];
    await runner({ hello: async (p) => void seen.push(p) });
    await expect(
      store.transaction(async (tx) => {
        await enqueueJob(tx, { kind: "hello", payload: {} });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
  });

  it("wakes at a future job's run_at, not on a fixed poll", async () => {
    store = await createTestStore({ kind });
    let ranAt = 0;
    await runner({
      later: async () => {
        ranAt = Date.now();
      },
    });
    const due = Date.now() + 700;
    await enqueue({ kind: "later", payload: {}, runAt: new Date(due) });
    await expect.poll(() => ranAt, { timeout: 5000 }).toBeGreaterThan(0);
    expect(ranAt).toBeGreaterThanOrEqual(due);
    expect(ranAt - due).toBeLessThan(400);
  });

  it("retries a failing job with backoff, keeping its last error, until it succeeds", async () => {
    store = await createTestStore({ kind });
    const attempts: number[] = [];
    await runner(
      {
        flaky: async (_p, run) => {
          attempts.push(run.attempt);
          if (run.attempt < 3) throw new Error(`attempt ${run.attempt} failed`);
        },
      },
      { retryDelayMs: () => 100 },
    );
    const id = await enqueue({ kind: "flaky", payload: {} });
    await expect
      .poll(async () => {
        const [row] = await store.db.select().from(jobs).where(eq(jobs.id, id));
        return row?.lastError;
      })
      .toBe("attempt 1 failed");
    await expect.poll(() => attempts, { timeout: 5000 }).toEqual([1, 2, 3]);
    await expect.poll(async () => (await store.db.select().from(jobs).where(eq(jobs.id, id))).length).toBe(0);
  });

  it("never runs again a job its handler finished in its own transaction, even if it fails after", async () => {
    store = await createTestStore({ kind });
    const runs: number[] = [];
    await runner(
      {
        once: async (_p, run) => {
          runs.push(run.attempt);
          await store.transaction(async (tx) => finishJob(tx, run));
          throw new Error("crashed after committing");
        },
      },
      { retryDelayMs: () => 50 },
    );
    const id = await enqueue({ kind: "once", payload: {} });
    await expect.poll(() => runs).toEqual([1]);
    await new Promise((r) => setTimeout(r, 400));
    expect(runs).toEqual([1]);
    expect(await store.db.select().from(jobs).where(eq(jobs.id, id))).toEqual([]);
  });

  it("keeps one queued job per dedupe key", async () => {
    store = await createTestStore({ kind });
    const a = await enqueue({ kind: "x", payload: {}, dedupeKey: "k", runAt: new Date(Date.now() + 60_000) });
    await enqueue({ kind: "x", payload: {}, dedupeKey: "k", runAt: new Date(Date.now() + 60_000) });
    expect((await store.db.select().from(jobs)).map((j) => j.id)).toEqual([a]);
  });

  it("runNow runs a job at once in this process and reports when the attempt is over", async () => {
    store = await createTestStore({ kind });
    const order: string[] = [];
    const r = await runner({
      slow: async () => {
        order.push("start");
        await new Promise((res) => setTimeout(res, 200));
        order.push("end");
      },
    });
    const id = await enqueue({ kind: "slow", payload: {} });
    await Promise.all([r.runNow(id), r.runNow(id)]);
    expect(order).toEqual(["start", "end"]);
  });

  it("runs a job written claimed by its lease where it was enqueued; others take it only after the lease", async () => {
    store = await createTestStore({ kind });
    const seen: string[] = [];
    const handlers = {
      claimed: async (p: unknown, run: JobRun) => void seen.push(`${(p as { n: number }).n}:${run.attempt}`),
    };
    const here = await runner(handlers, { leaseMs: 600 });
    const enqueueClaimed = (n: number) =>
      store.transaction(async (tx) =>
        enqueueJob(tx, { kind: "claimed", payload: { n }, lease: here.lease() }),
      );
    const first = await enqueueClaimed(1);
    await here.runClaimed(first);
    expect(seen).toEqual(["1:1"]);
    expect(await store.db.select().from(jobs)).toEqual([]);
    // Enqueued claimed but never run here (as if this process had died): another runner waits out the lease.
    const elsewhere = await runner(handlers, { leaseMs: 600 });
    const started = Date.now();
    await enqueueClaimed(2);
    elsewhere.wake();
    await new Promise((res) => setTimeout(res, 200));
    expect(seen).toEqual(["1:1"]);
    await expect.poll(() => seen, { timeout: 3000 }).toEqual(["1:1", "2:2"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it("runs the due jobs of a batched kind together and retries only the ones failed alone", async () => {
    store = await createTestStore({ kind });
    for (let n = 1; n <= 5; n++) await enqueue({ kind: "many", payload: { n } });
    const batches: number[][] = [];
    let failedOnce = false;
    const r = new JobRunner(store, {
      handlers: {
        many: {
          batch: async (due) => {
            batches.push(due.map((j) => (j.payload as { n: number }).n));
            for (const j of due) {
              if ((j.payload as { n: number }).n === 3 && !failedOnce) {
                failedOnce = true;
                j.fail(new Error("not yet"));
              }
            }
          },
        },
      },
      log,
      retryDelayMs: () => 100,
    });
    runners.push(r);
    await r.start();
    await expect.poll(() => batches.flat().length, { timeout: 5000 }).toBe(6);
    expect(batches[0]).toEqual([1, 2, 3, 4, 5]);
    expect(batches[1]).toEqual([3]);
    await expect.poll(async () => (await store.db.select().from(jobs)).length).toBe(0);
  });

  it("lets another instance take over a job whose claim expired (a crashed worker)", async () => {
    store = await createTestStore({ kind });
    const id = await enqueue({ kind: "crashy", payload: {} });
    // A worker that claimed the job and died: lease in the past.
    await store.db
      .update(jobs)
      .set({ lockedBy: "dead-host:1:0", lockedUntil: new Date(Date.now() + 500), attempts: 1 })
      .where(eq(jobs.id, id));
    const runs: number[] = [];
    await runner({ crashy: async (_p, run) => void runs.push(run.attempt) });
    await expect.poll(() => runs, { timeout: 5000 }).toEqual([2]);
  });

  it("releases the claims of jobs still running when it stops", async () => {
    store = await createTestStore({ kind });
    const r = await runner({ forever: () => new Promise(() => {}) });
    const id = await enqueue({ kind: "forever", payload: {} });
    await expect
      .poll(async () => (await store.db.select().from(jobs).where(eq(jobs.id, id)))[0]?.lockedBy)
      .toBe(r.instanceId);
    await r.stop(100);
    const [row] = await store.db.select().from(jobs).where(eq(jobs.id, id));
    expect(row.lockedBy).toBeNull();
  });
});

describe.runIf(STORE_KINDS.includes("postgres"))("two job runners on one PostgreSQL", () => {
  it("run each of many jobs exactly once", async () => {
    const store = await createTestStore({ kind: "postgres", maxConnections: 20 });
    const runs = new Map<number, string[]>();
    const runners = [0, 1].map(
      (i) =>
        new JobRunner(store, {
          log,
          handlers: {
            count: async (p) => {
              const n = (p as { n: number }).n;
              runs.set(n, [...(runs.get(n) ?? []), `r${i}`]);
              await new Promise((r) => setTimeout(r, 2));
            },
          },
        }),
    );
    try {
      await Promise.all(runners.map((r) => r.start()));
      await store.transaction(async (tx) => {
        for (let n = 0; n < 300; n++) await enqueueJob(tx, { kind: "count", payload: { n } });
      });
      await expect.poll(() => runs.size, { timeout: 20_000 }).toBe(300);
      await new Promise((r) => setTimeout(r, 300));
      expect([...runs.values()].every((who) => who.length === 1)).toBe(true);
      const byRunner = [...runs.values()].flat();
      expect(byRunner.filter((w) => w === "r0").length).toBeGreaterThan(0);
      expect(byRunner.filter((w) => w === "r1").length).toBeGreaterThan(0);
    } finally {
      await Promise.all(runners.map((r) => r.stop(1000)));
      await store.close();
    }
  });
});

describe.runIf(STORE_KINDS.includes("postgres"))("runNow beside another instance's claim", () => {
  it("waits for the attempt of a claim that had not committed when runNow looked", async () => {
    const store = await createTestStore({ kind: "postgres" });
    // Not started: its own poller must not take the job; runNow alone is under test.
    const r = new JobRunner(store, { handlers: { elsewhere: async () => {} }, log });
    try {
      const id = await store.transaction(async (tx) => enqueueJob(tx, { kind: "elsewhere", payload: {} }).id);
      let commitClaim = () => {};
      const committed = new Promise<void>((res) => {
        commitClaim = res;
      });
      // Another instance claims the job in a transaction that is still open while runNow looks.
      const claiming = store.transaction(async (tx) => {
        await tx
          .update(jobs)
          .set({ lockedBy: "other-host:1:0", lockedUntil: new Date(Date.now() + 15_000), attempts: 1 })
          .where(eq(jobs.id, id));
        await committed;
      });
      await new Promise((res) => setTimeout(res, 50));
      let over = false;
      const waiting = r.runNow(id).then(() => {
        over = true;
      });
      await new Promise((res) => setTimeout(res, 150));
      commitClaim();
      await claiming;
      await new Promise((res) => setTimeout(res, 300));
      expect(over).toBe(false);
      await store.db.delete(jobs).where(eq(jobs.id, id)); // the other instance's attempt ends
      await waiting;
    } finally {
      await r.stop(1000);
      await store.close();
    }
  });
});
