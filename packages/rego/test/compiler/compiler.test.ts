import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.js";

function value(modules: Record<string, string>, path: string, input?: unknown): unknown {
  const policy = compile(Object.entries(modules).map(([name, source]) => ({ name, source })));
  return policy.evalRule(path, input);
}

describe("compiler", () => {
  it("resolves imports, aliases and package-relative rule names", () => {
    const lib = 'package lib.roles\nadmins := {"alice"}\nis_admin(u) if u in admins';
    const app = `package app
import data.lib.roles
import data.lib.roles.admins as who
import input.user
allow if roles.is_admin(user)
count_admins := count(who)`;
    expect(value({ "lib.rego": lib, "app.rego": app }, "data.app.allow", { user: "alice" })).toBe(true);
    expect(value({ "lib.rego": lib, "app.rego": app }, "data.app.count_admins")).toBe(1);
  });

  it("scopes := and some to their body, so comprehensions may reuse names", () => {
    const src = `package t
xs := ["a", "b", "c"]
p := n if {
  ys := {x | some x in xs}
  zs := {x | some x in xs; x != "a"}
  n := count(ys) + count(zs)
}`;
    expect(value({ "t.rego": src }, "data.t.p")).toBe(5);
  });

  it("treats a variable used outside a comprehension as its closure", () => {
    const src = `package t
p := ys if {
  ys := [y | some y in input.xs; y > lo]
  lo = 1
}`;
    expect(value({ "t.rego": src }, "data.t.p", { xs: [0, 1, 2, 3] })).toEqual([2, 3]);
  });

  it("evaluates relation-form calls with the output as the last argument", () => {
    const src = "package t\np := n if { count([1, 2, 3], n) }\nf(x) := x * 10\nq := y if { f(2, y) }";
    expect(value({ "t.rego": src }, "data.t.p")).toBe(3);
    expect(value({ "t.rego": src }, "data.t.q")).toBe(20);
  });

  it("builds multi-segment ref heads into the data tree", () => {
    const src =
      'package t\nusers.alice.roles contains "admin"\nusers.bob.roles contains "dev"\nusers[name].active := true if some name in ["alice"]';
    expect(value({ "t.rego": src }, "data.t.users")).toEqual({
      alice: { roles: ["admin"], active: true },
      bob: { roles: ["dev"] },
    });
  });

  it("keeps empty packages defined as empty objects", () => {
    expect(value({ "a.rego": "package a.b", "x.rego": "package x\np := data.a.b" }, "data.x.p")).toEqual({});
  });
});
