// Runs OPA's conformance suite in-process and fails if any category's pass count drops below the
// committed baseline (a ratchet: raise conformance-baseline.json as the engine improves).
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runSuite, tally } from "../src/conformance/runner.js";

const suiteDir =
  process.env.OPA_CONFORMANCE_DIR ?? resolve(import.meta.dirname, "../../../../shared/opa-conformance");
const baselinePath = resolve(import.meta.dirname, "../conformance-baseline.json");
const present = existsSync(suiteDir);
if (!present) console.warn(`OPA conformance suite not found at ${suiteDir}: conformance test skipped`);

describe.skipIf(!present)("OPA conformance suite", () => {
  it("passes at least the baseline number of cases in every category", { timeout: 180_000 }, () => {
    const results = runSuite(suiteDir);
    const baseline = JSON.parse(readFileSync(baselinePath, "utf8")) as { pass: Record<string, number> };
    const byCategory = tally(results, (r) => `${r.syntax} ${r.category}`);
    const actual: Record<string, number> = {};
    for (const [k, t] of byCategory) actual[k] = t.pass;
    for (const [category, minimum] of Object.entries(baseline.pass)) {
      expect({ category, pass: actual[category] ?? 0 }).toEqual({
        category,
        pass: Math.max(minimum, actual[category] ?? 0),
      });
    }
  });
});
