/**
 * Giving back the heap pages start-up leaves nearly empty. Loading ~950 modules, connecting and
 * compiling the policies grow the V8 heap to ~40 MB, of which ~25 MB stay live; an idle server
 * allocates nothing, so no collection ever runs to return the rest, and V8's ordinary collections
 * free objects without giving their half-empty pages back. The collection V8 runs under memory
 * pressure compacts the whole heap and releases those pages; Node's only door to it is the `gc`
 * extension. (After a load, V8's own memory reducer does the same.)
 */
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Logger } from "pino";

type GcExtension = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

/**
 * V8's memory-reducing full collection, or undefined where the extension cannot be had. It is
 * compiled into a fresh context only, so no `gc` global appears for other code.
 */
export function memoryReducingCollection(): (() => void) | undefined {
  let gc: unknown = (globalThis as { gc?: unknown }).gc; // the operator ran node --expose-gc
  if (typeof gc !== "function") {
    setFlagsFromString("--expose-gc");
    try {
      gc = runInNewContext("typeof gc === 'function' ? gc : undefined");
    } finally {
      setFlagsFromString("--no-expose-gc");
    }
  }
  if (typeof gc !== "function") return undefined;
  const collect = gc as GcExtension;
  return () => collect({ type: "major", execution: "sync", flavor: "last-resort" });
}

/**
 * Runs `collect` (memoryReducingCollection's) once, logging its effect: a pause of ~0.1 s, so the
 * binaries call it before the API is served.
 */
export function releaseStartupMemory(log: Logger, collect: (() => void) | undefined): void {
  if (!collect) {
    log.debug("the gc extension is unavailable; start-up's heap pages are left to V8");
    return;
  }
  const before = getHeapStatistics().total_physical_size;
  const started = performance.now();
  collect();
  log.debug(
    {
      ms: Math.round(performance.now() - started),
      heap_mb_before: mb(before),
      heap_mb_after: mb(getHeapStatistics().total_physical_size),
    },
    "released the heap pages start-up left unused",
  );
}

function mb(bytes: number): number {
  return Math.round(bytes / 104_857.6) / 10;
}
