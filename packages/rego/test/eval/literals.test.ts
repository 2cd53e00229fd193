import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.js";

const table = (n: number) =>
  `[${Array.from({ length: n }, (_, i) => `{"id": ${i}, "tags": ["a", "b"], "on": true}`).join(", ")}]`;

describe("constant literals", () => {
  it("evaluates long constant tables without nesting one continuation per element", () => {
    const policy = compile([{ name: "t.rego", source: `package t\ncases := ${table(5000)}\n` }]);
    expect(policy.evalRule("data.t.cases[4999].id")).toBe(4999);
    expect(policy.eval("count(data.t.cases, n)")[0]?.bindings).toEqual({ n: 5000 });
  });

  it("unifies constant and partly variable composites alike", () => {
    const src = `package t
p if [1, {"a": [2]}] == [1, {"a": [2]}]
q := x if [1, {"a": [x]}] = [1, {"a": [2]}]
r if {1, 2} == {2, 1}`;
    const policy = compile([{ name: "t.rego", source: src }]);
    expect(policy.evalRule("data.t.p")).toBe(true);
    expect(policy.evalRule("data.t.q")).toBe(2);
    expect(policy.evalRule("data.t.r")).toBe(true);
  });
});
