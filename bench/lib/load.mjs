// Closed-loop load: `clients` concurrent loops, each starting its next flow when the last one
// ends. The rate counts the flows that complete in the measured window (after the warm-up); the
// latencies are those of the flows that also started in it, so a slow first flow of a cold server
// (started during the warm-up) does not count as a tail of the warm one.
import { percentile } from "./measure.mjs";

/**
 * @param {{ clients: number, durationMs: number, warmupMs: number,
 *           flow: (client: number) => Promise<void> }} o
 */
export async function closedLoop({ clients, durationMs, warmupMs, flow }) {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  const latencies = [];
  let completed = 0;
  let failure;
  const loop = async (client) => {
    while (failure === undefined) {
      const t0 = performance.now();
      if (t0 >= end) return;
      try {
        await flow(client);
      } catch (err) {
        failure ??= err;
        return;
      }
      const t1 = performance.now();
      if (t1 >= measureFrom && t1 <= end) {
        completed++;
        if (t0 >= measureFrom) latencies.push(t1 - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => loop(i)));
  if (failure !== undefined) throw failure;
  return {
    clients,
    completed,
    perSecond: completed / (durationMs / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
  };
}
