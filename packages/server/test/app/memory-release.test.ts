/** Giving back the heap pages start-up leaves unused: the real collection and what it logs. */
import { getHeapStatistics } from "node:v8";
import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import { memoryReducingCollection, releaseStartupMemory } from "../../src/app/memory-release.js";

const MB = 1024 * 1024;

describe("memoryReducingCollection", () => {
  it("gives the pages of dropped objects back, without adding a gc global", () => {
    const hadGlobal = "gc" in globalThis;
    const collect = memoryReducingCollection();
    expect(collect).toBeTypeOf("function");
    expect("gc" in globalThis).toBe(hadGlobal);

    let garbage: number[][] | undefined = Array.from({ length: 400 }, () => new Array(32_768).fill(1.5));
    const grown = getHeapStatistics().total_physical_size;
    expect(garbage.length).toBe(400);
    garbage = undefined;
    collect?.();
    expect(getHeapStatistics().total_physical_size).toBeLessThan(grown - 64 * MB);
  });
});

describe("releaseStartupMemory", () => {
  function capturedLog() {
    const lines: Record<string, unknown>[] = [];
    const log = pino(
      { level: "debug" },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    return { log, lines };
  }

  it("runs the collection once and logs the heap before and after", () => {
    const { log, lines } = capturedLog();
    const collect = vi.fn();
    releaseStartupMemory(log, collect);
    expect(collect).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 20,
        msg: "released the heap pages start-up left unused",
        ms: expect.any(Number),
        heap_mb_before: expect.any(Number),
        heap_mb_after: expect.any(Number),
      }),
    ]);
  });

  it("says so, and carries on, where the collection is unavailable", () => {
    const { log, lines } = capturedLog();
    releaseStartupMemory(log, undefined);
    expect(lines).toEqual([
      expect.objectContaining({ level: 20, msg: expect.stringContaining("unavailable") }),
    ]);
  });
});
