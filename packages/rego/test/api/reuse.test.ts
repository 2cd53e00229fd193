import { describe, expect, it } from "vitest";
import { compile, RegoCompileError } from "../../src/index.js";

const source = `package jitsudo.approval
read_only := {"prod-read-only", "roles/viewer"}
default approver_tier := "human"
approver_tier := "auto" if {
  input.request.role in read_only
  input.request.duration_seconds <= 1800
}
cache_probe := input.n * 2`;

describe("compiled policies", () => {
  it("give independent answers when evaluated many times, interleaved, with different inputs", async () => {
    const policy = compile([{ name: "approval.rego", source }]);
    const inputs = Array.from({ length: 200 }, (_, i) => ({
      n: i,
      request: { role: i % 2 === 0 ? "roles/viewer" : "admin", duration_seconds: 600 },
    }));
    const answers = await Promise.all(
      inputs.map(async (input) => {
        await Promise.resolve();
        return [
          policy.evalRule("data.jitsudo.approval.approver_tier", input),
          policy.evalRule("data.jitsudo.approval.cache_probe", input),
        ];
      }),
    );
    answers.forEach(([tier, probe], i) => {
      expect(tier).toBe(i % 2 === 0 ? "auto" : "human");
      expect(probe).toBe(i * 2);
    });
  });

  it("does not let one evaluation's data leak into the next", () => {
    const policy = compile([{ name: "d.rego", source: "package d\nlimit := data.config.limit" }]);
    expect(policy.evalRule("data.d.limit", undefined, { data: { config: { limit: 1 } } })).toBe(1);
    expect(policy.evalRule("data.d.limit", undefined, { data: { config: { limit: 2 } } })).toBe(2);
    expect(policy.evalRule("data.d.limit")).toBeUndefined();
  });

  it("reports compile errors with file, line and column for the policy author", () => {
    try {
      compile([
        {
          name: "sre.rego",
          source: "package jitsudo.eligibility\n\nallow if {\n  input.user.groups[_] == \n}",
        },
      ]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RegoCompileError);
      const err = e as RegoCompileError;
      expect(err.errors[0]).toMatchObject({
        code: "rego_parse_error",
        location: { file: "sre.rego", row: 5, col: 1 },
      });
      expect(err.message).toMatch(/^sre\.rego:5: rego_parse_error: /);
    }
  });
});
