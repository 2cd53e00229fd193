import { describe, expect, it } from "vitest";
import { compile, RegoEvalLimitError } from "../../src/index.js";
import "../../src/conformance/runner.js";

const policy = compile([
  {
    name: "t.rego",
    source: "package t\np if {\n\tt0 := time.now_ns()\n\ttest.sleep(input.d)\n\tt0 == time.now_ns()\n}\n",
  },
]);

describe("test.sleep (OPA's harness builtin, registered by the conformance runner)", () => {
  it("sleeps for a Go duration while the query's clock stays fixed", () => {
    const start = performance.now();
    expect(policy.evalRule("data.t.p", { d: "20ms" })).toBe(true);
    expect(performance.now() - start).toBeGreaterThanOrEqual(15);
  });

  it("never sleeps past the evaluation's deadline", () => {
    const start = performance.now();
    expect(() => policy.evalRule("data.t.p", { d: "10s" }, { timeoutMs: 50 })).toThrow(RegoEvalLimitError);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
