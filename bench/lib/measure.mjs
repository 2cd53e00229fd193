// Timing helpers shared by the benchmarks: repeated samples of a tight loop, reported as medians.

/**
 * Runs `fn` in batches until each sample lasts about `sampleMs`, takes `samples` samples after a
 * warm-up, and returns nanoseconds per call (median and best) and calls per second.
 */
export function measureOps(fn, { samples = 7, sampleMs = 200, warmupMs = 200 } = {}) {
  const batch = calibrate(fn, warmupMs);
  const perOp = [];
  for (let s = 0; s < samples; s++) {
    const iterations = Math.max(1, Math.round((batch * sampleMs) / warmupMs));
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    const elapsed = Number(process.hrtime.bigint() - start);
    perOp.push(elapsed / iterations);
  }
  perOp.sort((a, b) => a - b);
  const median = perOp[Math.floor(perOp.length / 2)];
  return { nsPerOp: median, bestNsPerOp: perOp[0], opsPerSec: 1e9 / median, samples };
}

/** Number of calls of `fn` that fit in `ms` milliseconds (also serves as the warm-up). */
function calibrate(fn, ms) {
  const deadline = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
  let n = 0;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
  }
  return n;
}

/** Wall time of one call of an async or sync function, in milliseconds. */
export async function timeOnce(fn) {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** Percentile (0–100) of an unsorted list of numbers, by nearest rank. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
