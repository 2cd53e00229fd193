// Closed-loop load: `clients` concurrent loops, each starting its next flow when the last one
// ends. The rate counts the flows that complete in the measured window (after the warm-up), and
// the latencies are theirs.
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
      if (t1 >= measureFrom && t1 <= end) latencies.push(t1 - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => loop(i)));
  if (failure !== undefined) throw failure;
  return {
    clients,
    completed: latencies.length,
    perSecond: latencies.length / (durationMs / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
  };
}
