import { describe, expect, it } from "vitest";
import type { Term } from "../../src/syntax/ast.js";
import { RegoCompileError } from "../../src/syntax/errors.js";
import { parseModule, parseQuery, parseTermText } from "../../src/syntax/parser.js";

function parseError(src: string, version: "v0" | "v1" = "v1"): RegoCompileError {
  try {
    parseModule(src, "x.rego", { regoVersion: version });
  } catch (e) {
    if (e instanceof RegoCompileError) return e;
    throw e;
  }
  throw new Error("expected a parse error");
}

function opOf(t: Term): string {
  if (t.type !== "call") return t.type;
  const op = t.op;
  if (op.type === "var") return op.name;
  if (op.type === "ref")
    return op.terms.map((x) => (x.type === "var" ? x.name : x.type === "string" ? x.value : "?")).join(".");
  return "?";
}

describe("parser", () => {
  it("parses a v1 module with if, contains, default, else and functions", () => {
    const m = parseModule(
      `package a.b
import rego.v1
default allow := false
allow if input.x == 1
s contains x if { some x in input.xs }
f(x) := y if { y := x + 1 } else := 0
p.q[r].s := 1 if { r := "k" }
`,
      "m.rego",
    );
    expect(m.packagePath).toEqual(["a", "b"]);
    expect(m.rules).toHaveLength(5);
    expect(m.rules[0].isDefault).toBe(true);
    expect(m.rules[2].head.key?.type).toBe("var");
    expect(m.rules[3].head.args).toHaveLength(1);
    expect(m.rules[3].elseRule?.head.value).toMatchObject({ type: "number", text: "0" });
    expect(m.rules[4].head.ref.map((t) => t.type)).toEqual(["var", "string", "var", "string"]);
  });

  it("desugars infix operators to builtin calls with OPA's precedence", () => {
    const [e] = parseQuery("x := 1 + 2 * 3 == 7");
    expect(e.kind).toBe("term");
    if (e.kind !== "term" || e.term.type !== "call") throw new Error("call expected");
    expect(opOf(e.term)).toBe("assign");
    const rhs = e.term.args[1];
    expect(opOf(rhs)).toBe("equal");
    if (rhs.type !== "call") throw new Error();
    expect(opOf(rhs.args[0])).toBe("plus");
  });

  it("separates expressions by newlines and semicolons", () => {
    expect(parseQuery("a = 1; b = 2\nc = 3")).toHaveLength(3);
  });

  it("treats v0 p[x] { } as a partial set and keywords as names until imported", () => {
    const m = parseModule("package t\np[x] { x := 1 }\nin := 2", "m.rego", { regoVersion: "v0" });
    expect(m.rules[0].head.key).toMatchObject({ type: "var", name: "x" });
    expect(m.rules[1].head.ref[0]).toMatchObject({ name: "in" });
    const m2 = parseModule("package t\nimport future.keywords.in\np { 1 in [1] }", "m.rego", {
      regoVersion: "v0",
    });
    expect(m2.rules).toHaveLength(1);
  });

  it("allows keywords as ref segments after a dot", () => {
    const t = parseTermText("input.in.if.contains");
    expect(t.type).toBe("ref");
  });

  it("parses comprehensions in preference to the union operator", () => {
    expect(parseTermText("{x | x = 1}").type).toBe("setcomp");
    expect(parseTermText("[x | x = 1]").type).toBe("arraycomp");
    expect(parseTermText("{k: v | k = 1; v = 2}").type).toBe("objectcomp");
    expect(parseTermText("{1, 2}").type).toBe("set");
    expect(parseTermText("set()").type).toBe("set");
    expect(parseTermText("`raw\\n`")).toMatchObject({ type: "string", value: "raw\\n" });
  });

  it("requires if before a rule body in v1, and auto falls back to v0", () => {
    const err = parseError("package t\np { true }");
    expect(err.errors[0]).toMatchObject({ code: "rego_parse_error", location: { file: "x.rego", row: 2 } });
    expect(err.message).toContain("x.rego:2: rego_parse_error: `if` keyword is required before rule body");
    const m = parseModule("package t\np { true }", "x.rego", { regoVersion: "auto" });
    expect(m.regoVersion).toBe("v0");
    expect(() =>
      parseModule("package t\nimport rego.v1\np { true }", "x.rego", { regoVersion: "auto" }),
    ).toThrow(RegoCompileError);
  });

  it("in auto mode reports the error of the syntax that got further", () => {
    // a v0 module with a syntax error on line 4: the v0 error, not v1's complaint about line 2
    const src = "package t\np { true }\nq {\n  x := \n}";
    const err = (() => {
      try {
        parseModule(src, "x.rego", { regoVersion: "auto" });
      } catch (e) {
        return e as RegoCompileError;
      }
      throw new Error("expected a parse error");
    })();
    expect(err.errors[0].location?.row).toBe(5);
  });

  it("reports the file, line and column of unexpected tokens", () => {
    const err = parseError("package t\n\np if {\n  x := \n}");
    expect(err.errors[0].location).toMatchObject({ row: 5, col: 1 });
    expect(err.errors[0].message).toContain("unexpected } token");
    expect(parseError('package t\np := "abc').message).toContain("non-terminated string");
  });

  it("parses some, every, with and not", () => {
    const m = parseModule(
      `package t
p if {
  some k, v in input.o
  every x in input.xs { x > 0 }
  not q with input as {"a": 1}
}`,
      "m.rego",
    );
    const body = m.rules[0].body;
    expect(body[0]).toMatchObject({ kind: "term", declared: [{ name: "k" }, { name: "v" }] });
    expect(body[1].kind).toBe("every");
    expect(body[2]).toMatchObject({ negated: true });
    expect(body[2].with).toHaveLength(1);
  });
});
