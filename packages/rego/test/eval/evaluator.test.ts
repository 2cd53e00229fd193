import { describe, expect, it } from "vitest";
import { compile, RegoCompileError, RegoEvalError } from "../../src/index.js";

function evalRule(source: string, path: string, input?: unknown, data?: unknown): unknown {
  return compile([{ name: "t.rego", source }]).evalRule(path, input, { data });
}

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("evaluator", () => {
  it("distinguishes undefined from false and applies defaults", () => {
    const src = `package t
p if input.x == 1
default q := false
q if input.x == 1`;
    expect(evalRule(src, "data.t.p", { x: 2 })).toBeUndefined();
    expect(evalRule(src, "data.t.q", { x: 2 })).toBe(false);
    expect(evalRule(src, "data.t.q", { x: 1 })).toBe(true);
  });

  it("builds partial sets and objects in sorted order", () => {
    const src = `package t
s contains x if { some x in input.xs }
o[k] := v if { some k, v in input.m }`;
    const policy = compile([{ name: "t.rego", source: src }]);
    expect(policy.evalRule("data.t.s", { xs: ["b", "a", "b"], m: {} })).toEqual(["a", "b"]);
    expect(policy.evalRule("data.t.o", { xs: [], m: { z: 1, a: 2 } })).toEqual({ a: 2, z: 1 });
  });

  it("evaluates functions with several definitions, else and defaults", () => {
    const src = `package t
f(x) := "small" if x < 10
else := "big"
g(1) := "one"
g(2) := "two"
default h(_) := "none"
h(x) := "some" if x > 0
r := [f(3), f(30), g(2), h(-1), h(1)]`;
    expect(evalRule(src, "data.t.r")).toEqual(["small", "big", "two", "none", "some"]);
  });

  it("reorders bodies so that bindings come first", () => {
    const src = `package t
p := y if {
  y > 1
  y = input.n * 2
}`;
    expect(evalRule(src, "data.t.p", { n: 3 })).toBe(6);
  });

  it("supports negation, comprehensions, every and some-in", () => {
    const src = `package t
admins := {u | some u in input.users; startswith(u, "adm")}
all_positive if every n in input.nums { n > 0 }
none_negative if not any_negative
any_negative if { some n in input.nums; n < 0 }
pairs := [[i, x] | some i, x in input.nums]`;
    const policy = compile([{ name: "t.rego", source: src }]);
    const input = { users: ["adm-a", "bob", "adm-b"], nums: [1, 2] };
    expect(policy.evalRule("data.t.admins", input)).toEqual(["adm-a", "adm-b"]);
    expect(policy.evalRule("data.t.all_positive", input)).toBe(true);
    expect(policy.evalRule("data.t.none_negative", input)).toBe(true);
    expect(policy.evalRule("data.t.pairs", input)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it("mocks input, data and functions with `with`", () => {
    const src = `package t
allow if input.role == "admin"
limit := data.config.limit
double(x) := x * 2
a if { allow with input as {"role": "admin"} }
b := x if { x := limit with data.config.limit as 7 }
c := x if { x := double(2) with double as triple }
triple(x) := x * 3`;
    const policy = compile([{ name: "t.rego", source: src }]);
    expect(policy.evalRule("data.t.a")).toBe(true);
    expect(policy.evalRule("data.t.b", undefined, { data: { config: { limit: 1 } } })).toBe(7);
    expect(policy.evalRule("data.t.c")).toBe(6);
  });

  it("evaluates and/or, not-blocks and template strings", () => {
    const src = `package t
import future.keywords.and
import future.keywords.or
import future.keywords.not
p if { input.a > 0 and { input.b > 0 } }
q if { input.a < 0 or input.b > 0 }
r if { not { input.a > 0; input.b < 0 } }
greeting := $"hello {input.name}, you have {count(input.xs)} items"`;
    const policy = compile([{ name: "t.rego", source: src }]);
    const input = { a: 1, b: 2, name: "ada", xs: [1, 2, 3] };
    expect(policy.evalRule("data.t.p", input)).toBe(true);
    expect(policy.evalRule("data.t.q", input)).toBe(true);
    expect(policy.evalRule("data.t.r", input)).toBe(true);
    expect(policy.evalRule("data.t.greeting", input)).toBe("hello ada, you have 3 items");
  });

  it("mocks builtins with values and other functions", () => {
    const src = `package t
a := x if { x := count([1, 2]) with count as 42 }
b := x if { x := count([1, 2]) with count as double }
double(xs) := 2 * count(xs)`;
    const policy = compile([{ name: "t.rego", source: src }]);
    expect(policy.evalRule("data.t.a")).toBe(42);
    expect(policy.evalRule("data.t.b")).toBe(4);
  });

  it("merges ref-head rules with base data", () => {
    const src = `package t
p[q].r := i if { some i, q in ["a", "b"] }
p.c.r := 9`;
    expect(evalRule(src, "data.t.p")).toEqual({ a: { r: 0 }, b: { r: 1 }, c: { r: 9 } });
  });

  it("raises OPA's conflict errors", () => {
    const complete = compile([{ name: "t.rego", source: "package t\np := x if { some x in [1, 2] }" }]);
    const err = errorOf(() => complete.evalRule("data.t.p"));
    expect(err).toBeInstanceOf(RegoEvalError);
    expect((err as RegoEvalError).code).toBe("eval_conflict_error");
    expect(err.message).toBe(
      "t.rego:2: eval_conflict_error: complete rules must not produce multiple outputs",
    );
    const fn = compile([{ name: "t.rego", source: "package t\nf(_) := 1\nf(_) := 2\np := f(0)" }]);
    expect(errorOf(() => fn.evalRule("data.t.p")).message).toContain(
      "functions must not produce multiple outputs for same inputs",
    );
  });

  it("treats builtin errors as undefined unless strict", () => {
    const policy = compile([{ name: "t.rego", source: "package t\np := count(input.x)" }]);
    expect(policy.evalRule("data.t.p", { x: 5 })).toBeUndefined();
    const err = errorOf(() => policy.evalRule("data.t.p", { x: 5 }, { strictBuiltinErrors: true }));
    expect(err).toBeInstanceOf(RegoEvalError);
    expect((err as RegoEvalError).code).toBe("eval_type_error");
    expect(err.message).toContain("t.rego:2: eval_type_error: count: operand 1 must be");
  });

  it("returns OPA-shaped query results with bindings", () => {
    const policy = compile([{ name: "t.rego", source: "package t\nxs := [1, 2]" }]);
    const rs = policy.eval("x := data.t.xs[i]");
    expect(rs.map((r) => r.bindings)).toEqual([
      { x: 1, i: 0 },
      { x: 2, i: 1 },
    ]);
    expect(rs[0].expressions[0]).toMatchObject({ value: true, text: "x := data.t.xs[i]" });
  });
});

describe("compile-time checks", () => {
  function compileError(source: string): RegoCompileError {
    const e = errorOf(() => compile([{ name: "t.rego", source }]));
    expect(e).toBeInstanceOf(RegoCompileError);
    return e as RegoCompileError;
  }

  it("reports unsafe variables", () => {
    const e = compileError("package t\np if { x > 1 }");
    expect(e.errors[0]).toMatchObject({ code: "rego_unsafe_var_error", message: "var x is unsafe" });
    expect(e.message).toBe("t.rego:2: rego_unsafe_var_error: var x is unsafe");
  });

  it("reports recursion", () => {
    const e = compileError("package t\np if q\nq if p");
    expect(e.code).toBe("rego_recursion_error");
    expect(e.message).toContain("is recursive");
  });

  it("reports undefined functions, arity errors and conflicting defaults", () => {
    expect(compileError("package t\np := nope(1)").errors[0]).toMatchObject({
      code: "rego_type_error",
      message: "undefined function nope",
    });
    expect(compileError("package t\np := count(1, 2, 3)").errors[0].code).toBe("rego_type_error");
    expect(compileError("package t\ndefault p := 1\ndefault p := 2").errors[0].message).toBe(
      "multiple default rules data.t.p found",
    );
    expect(compileError("package t\np if { x := 1; x := 2 }").errors[0].message).toBe("var x assigned above");
    expect(compileError("package t\np if { x > 1; x := 2 }").errors[0].message).toBe(
      "var x referenced above",
    );
  });
});
