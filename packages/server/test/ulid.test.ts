import { decodeTime, isValid } from "ulid";
import { describe, expect, it } from "vitest";
import { newUlid } from "../src/ulid.js";

describe("newUlid", () => {
  it("makes valid, distinct ULIDs of the current time whose random part uses every character", () => {
    const before = Date.now();
    const ids = Array.from({ length: 10_000 }, () => newUlid());
    const after = Date.now();
    expect(ids.every((id) => isValid(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [ids[0], ids[ids.length - 1]]) {
      expect(decodeTime(id)).toBeGreaterThanOrEqual(before);
      expect(decodeTime(id)).toBeLessThanOrEqual(after);
    }
    // 160,000 random characters over a 32-letter alphabet: each appears about 5,000 times.
    const counts = new Map<string, number>();
    for (const id of ids) for (const c of id.slice(10)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(32);
    for (const n of counts.values()) expect(Math.abs(n - 5000)).toBeLessThan(500);
  });
});
