import { describe, expect, it } from "vitest";
import { runCase } from "../../src/conformance/runner.js";

const module = "package test\np contains x if { some x in input.xs }\nq := count(input.n)";

describe("conformance runner", () => {
  it("compares result rows as a set after sort_bindings", () => {
    const c = {
      note: "t",
      query: "x = data.test.p",
      modules: [module],
      input: { xs: [3, 1, 2] },
      sort_bindings: true,
      want_result: [{ x: [1, 2, 3] }],
    };
    expect(runCase(c, "v1", [])).toEqual({ status: "pass" });
    expect(runCase({ ...c, want_result: [{ x: [1, 2] }] }, "v1", []).status).toBe("fail");
  });

  it("treats an empty want_result as undefined", () => {
    const c = { note: "t", query: "data.test.q = x", modules: [module], input: { n: 1 }, want_result: [] };
    expect(runCase(c, "v1", [])).toEqual({ status: "pass" });
  });

  it("matches want_error substrings and codes under strict_error", () => {
    const c = {
      note: "t",
      query: "data.test.q = x",
      modules: [module],
      input: { n: 1 },
      strict_error: true,
      want_error_code: "eval_type_error",
      want_error: "test-0.rego:3: eval_type_error: count: operand 1 must be",
    };
    expect(runCase(c, "v1", [])).toEqual({ status: "pass" });
    expect(runCase({ ...c, want_error_code: "eval_builtin_error" }, "v1", []).status).toBe("fail");
  });

  it("parses input_term as a Rego term and skips cases calling absent builtins", () => {
    const c = {
      note: "t",
      query: "x = input.s",
      modules: [],
      input_term: '{"s": {1, 2}}',
      want_result: [{ x: [1, 2] }],
    };
    expect(runCase(c, "v1", [])).toEqual({ status: "pass" });
    const net = { note: "t", query: 'http.send({"url": "x"}, r)', modules: [], want_result: [] };
    expect(runCase(net, "v1", ["http.send"])).toMatchObject({ status: "skip" });
  });
});
