import { describe, expect, it } from "vitest";
import { declaredPackage, packageMismatch } from "../../src/policy/package-check.js";

describe("package check", () => {
  it("reads the package past comments and blank lines, in dotted or bracket form", () => {
    expect(declaredPackage("# package wrong\n\npackage jitsudo.eligibility\nallow := true")).toBe(
      "jitsudo.eligibility",
    );
    expect(declaredPackage('package jitsudo["approval"]\n')).toBe("jitsudo.approval");
    expect(declaredPackage("allow := true")).toBeUndefined();
  });

  it("accepts the package of the type and names both when they differ", () => {
    expect(packageMismatch("approval", "package jitsudo.approval\n")).toBeUndefined();
    expect(packageMismatch("eligibility", "package jitsudo.approval\n")).toBe(
      'a policy of type eligibility must declare "package jitsudo.eligibility", but it declares "package jitsudo.approval"',
    );
    expect(packageMismatch("approval", "package jitsudo.approval.extra\n")).toContain(
      "jitsudo.approval.extra",
    );
  });
});
