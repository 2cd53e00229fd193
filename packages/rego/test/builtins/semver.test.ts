import { describe, expect, test } from "vitest";
import { toJSON } from "../../src/value/index.js";
import { call, failure, v } from "./call.js";

const compare = (a: string, b: string) => toJSON(call("semver.compare", v(a), v(b))!);

describe("semver", () => {
  test("pre-release precedence follows SemVer 2.0.0", () => {
    const ordered = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "1.0.1",
      "1.10.0",
      "2.0.0",
    ];
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compare(ordered[i]!, ordered[i + 1]!)).toBe(-1);
      expect(compare(ordered[i + 1]!, ordered[i]!)).toBe(1);
    }
    expect(compare("v1.2.3+build.5", "1.2.3")).toBe(0);
  });

  test("is_valid: OPA's rules, including its leniencies", () => {
    const valid = (s: unknown) => call("semver.is_valid", v(s));
    expect(valid("1.2.3")).toBe(true);
    expect(valid("v1.2.3-rc.1+sha.abc")).toBe(true);
    expect(valid("01.2.3")).toBe(true); // leading zeros, as strconv.ParseInt reads them
    expect(valid("1.2.3-")).toBe(true); // an empty pre-release is no pre-release
    expect(valid("1.2")).toBe(false);
    expect(valid("1.2.3-a..b")).toBe(false);
    expect(valid("1.2.3.4")).toBe(false);
    expect(valid(123)).toBe(false);
  });

  test("compare errors name the operand", () => {
    expect(failure("semver.compare", v("1.2"), v("1.2.3"))).toEqual({
      code: "eval_builtin_error",
      message: 'operand 1: string "1.2" is not a valid SemVer',
    });
    expect(failure("semver.compare", v("1.2.3"), v("x")).message).toBe(
      'operand 2: string "x" is not a valid SemVer',
    );
    expect(failure("semver.compare", v("1.2.3"), v(1)).code).toBe("eval_type_error");
  });
});
