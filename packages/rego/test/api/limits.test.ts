import { describe, expect, it } from "vitest";
import { compile, RegoCompileError, RegoEvalLimitError } from "../../src/index.js";

function limitError(f: () => unknown): RegoEvalLimitError {
  try {
    f();
  } catch (e) {
    if (e instanceof RegoEvalLimitError) return e;
    throw e;
  }
  throw new Error("expected the evaluation to be stopped");
}

describe("evaluation budget", () => {
  const exploding = compile([
    {
      name: "boom.rego",
      source: `package boom
n := numbers.range(1, 3000)
pairs := [[x, y] | some x in n; some y in n]
deep(0) := 0
deep(k) := r if { k > 0; r := [x | some x in n; x > k] }
chain := [deep(k) | some k in n]`,
    },
  ]);

  it("stops an exploding comprehension by the step budget", () => {
    const e = limitError(() => exploding.evalRule("data.boom.pairs", undefined, { maxSteps: 100_000 }));
    expect(e.code).toBe("eval_cancel_error");
    expect(e.limit).toBe("steps");
    expect(e.message).toContain("step budget");
  });

  it("stops a long evaluation by the timeout", () => {
    const started = Date.now();
    const e = limitError(() =>
      exploding.evalRule("data.boom.chain", undefined, { timeoutMs: 50, maxSteps: Number.MAX_SAFE_INTEGER }),
    );
    expect(e.limit).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("rejects recursion through functions at compile time", () => {
    expect(() =>
      compile([{ name: "r.rego", source: "package r\nf(x) := f(x - 1) if x > 0\np := f(100000)" }]),
    ).toThrow(RegoCompileError);
  });

  it("can evaluate the same compiled policy again after a stopped evaluation", () => {
    limitError(() => exploding.evalRule("data.boom.pairs", undefined, { maxSteps: 1000 }));
    expect(exploding.evalRule("data.boom.deep", undefined)).toBeUndefined();
    const small = compile([
      { name: "s.rego", source: "package s\np := count([x | some x in numbers.range(1, 10)])" },
    ]);
    expect(small.evalRule("data.s.p")).toBe(10);
  });
});
