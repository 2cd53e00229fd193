import { describe, expect, it } from "vitest";
import { compileErrorsFor } from "../src/policy/compile-errors.js";

describe("compile errors of policy apply", () => {
  it("point into the user's file, one problem per line", () => {
    const detail =
      'policy "aws-sandbox" does not compile: aws-sandbox.rego:12:5: rego_parse_error: unexpected } token; aws-sandbox.rego:14:1: rego_unsafe_var_error: var x is unsafe; in aws-sandbox.rego:14';
    expect(compileErrorsFor(detail, "aws-sandbox", "policies/aws.rego")).toBe(
      "policies/aws.rego:12:5: rego_parse_error: unexpected } token\npolicies/aws.rego:14:1: rego_unsafe_var_error: var x is unsafe; in aws-sandbox.rego:14",
    );
  });

  it("leave other details alone", () => {
    expect(
      compileErrorsFor('policy "p": package must be jitsudo.eligibility', "p", "p.rego"),
    ).toBeUndefined();
  });
});
