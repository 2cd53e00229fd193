import { describe, expect, test } from "vitest";
import { call, failure, v } from "./call.js";

const render = (template: string, vars: Record<string, unknown>) =>
  call("strings.render_template", v(template), v(vars));

describe("strings.render_template", () => {
  test("fields, nested fields, numbers as their text", () => {
    expect(render("{{.user.name}} ({{.user.tier}})", { user: { name: "alice", tier: 2 } })).toBe("alice (2)");
    expect(render("{{.x}}", { x: v("#1.50") })).toBe("1.50");
  });

  test("a missing key renders as <undefined>", () => {
    expect(render("[{{.nope}}] [{{.a.b}}]", { a: {} })).toBe("[<undefined>] [<undefined>]");
    expect(render("{{.x}}", { x: null })).toBe("<undefined>");
  });

  test("range over arrays and objects (in key order), with index variables and else", () => {
    const t = "{{range $i, $g := .groups}}{{if $i}}, {{end}}{{$g}}{{else}}none{{end}}";
    expect(render(t, { groups: ["sre", "dba"] })).toBe("sre, dba");
    expect(render(t, { groups: [] })).toBe("none");
    expect(render("{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}", { m: { b: 2, a: 1 } })).toBe("a=1;b=2;");
    // numbers reach templates as json.Number, which Go compares as a string
    expect(render('{{range .xs}}{{if eq . "3"}}{{break}}{{end}}{{.}}{{end}}', { xs: [1, 2, 3, 4] })).toBe(
      "12",
    );
    expect(render("{{range 3}}{{.}}{{end}}", {})).toBe("012");
  });

  test("if / else if / else, with, and, or, not, comparisons", () => {
    const t = `{{if eq .role "admin"}}A{{else if ne .role "guest"}}U{{else}}G{{end}}`;
    expect(render(t, { role: "admin" })).toBe("A");
    expect(render(t, { role: "dev" })).toBe("U");
    expect(render(t, { role: "guest" })).toBe("G");
    expect(render("{{with .req}}{{.id}}{{else}}-{{end}}", { req: { id: "r1" } })).toBe("r1");
    expect(render("{{with .req}}{{.id}}{{else}}-{{end}}", {})).toBe("-");
    expect(render("{{and .a .b}} {{or .a .b}} {{not .a}}", { a: "", b: "x" })).toBe(" x true");
    expect(render("{{lt 1 2}} {{ge (len .xs) 3}}", { xs: [1] })).toBe("true false");
  });

  test("variables, pipelines, index, print, trim markers and comments", () => {
    expect(
      render('{{$n := len .xs}}{{$n}} {{index .xs 1}} {{index .m "k"}}', { xs: ["a", "b"], m: { k: "v" } }),
    ).toBe("2 b v");
    expect(render('{{.xs | len}} {{print "a" 1 2 "b"}}', { xs: [1, 2] })).toBe("2 a1 2b");
    expect(render("a  {{- .x -}}  b {{/* note */}}c {{- /* trimmed */ -}} d", { x: "X" })).toBe("aXb cd");
  });

  test("errors", () => {
    expect(failure("strings.render_template", v("{{.x"), v({}))).toEqual({
      code: "eval_builtin_error",
      message: "template: template:1: unclosed action",
    });
    expect(failure("strings.render_template", v("{{nope 1}}"), v({})).message).toBe(
      'template: template:1: function "nope" not defined',
    );
    expect(failure("strings.render_template", v("{{if .x}}"), v({})).message).toBe(
      "template: template:1: unexpected EOF",
    );
    expect(failure("strings.render_template", v("{{.a.b}}"), v({ a: "s" })).message).toBe(
      'template: template:1: executing "template": can\'t evaluate field b in type string',
    );
    expect(failure("strings.render_template", v("x"), v([])).message).toBe(
      "operand 2 must be object but got array",
    );
  });
});
