import { describe, expect, it } from "vitest";
import { RegoNumber, toJSON, type Value } from "../../src/value/index.js";
import { call, failureText } from "./call.js";

const int = (n: number) => RegoNumber.fromInt(n);
const json = (name: string, ...args: Value[]) => toJSON(call(name, ...args) as Value);

describe("RE2 syntax where JS RegExp differs", () => {
  it("accepts Go's flags, named groups, POSIX classes and \\z", () => {
    expect(call("regex.match", "(?i)^abc$", "ABC")).toBe(true);
    expect(call("regex.match", "(?P<word>\\w+)", "hi")).toBe(true);
    expect(call("regex.match", "^[[:alpha:]]+$", "abc")).toBe(true);
    expect(call("regex.match", "^\\pL+\\z", "héllo")).toBe(true);
    expect(call("regex.match", "^\\pL+\\z", "héllo\n")).toBe(false);
    expect(call("regex.match", "\\Qa.b\\E", "a.b")).toBe(true);
    expect(call("regex.match", "\\Qa.b\\E", "axb")).toBe(false);
  });

  it("rejects what RE2 does not support: lookaround, backreferences, huge repeats", () => {
    expect(call("regex.is_valid", "a(?=b)")).toBe(false);
    expect(call("regex.is_valid", "(?<=a)b")).toBe(false);
    expect(call("regex.is_valid", "(a)\\1")).toBe(false);
    expect(call("regex.is_valid", "a{1001}")).toBe(false);
    expect(call("regex.is_valid", "a{1000}")).toBe(true);
    expect(call("regex.is_valid", int(1))).toBe(false);
  });

  it("reports Go's parse errors as builtin errors", () => {
    expect(failureText("regex.match", "[", "x")).toBe(
      "eval_builtin_error: error parsing regexp: missing closing ]: `[`",
    );
    expect(failureText("re_match", "a**", "x")).toBe(
      "eval_builtin_error: error parsing regexp: invalid nested repetition operator: `**`",
    );
    expect(failureText("regex.match", int(1), "x")).toBe(
      "eval_type_error: operand 1 must be string but got number",
    );
  });

  it("matches without catastrophic backtracking", () => {
    const start = performance.now();
    expect(call("regex.match", "^(a+)+$", `${"a".repeat(5000)}b`)).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe("regex.replace", () => {
  it("expands templates as Go's Expand does", () => {
    expect(call("regex.replace", "foo", "(foo)", "$1$1")).toBe("foofoo");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Go's template syntax
    expect(call("regex.replace", "foo", "(f)(o+)", "${2}x$1")).toBe("ooxf");
    // `$1x` names group "1x", which does not exist: it expands to nothing (JS would give "fx")
    expect(call("regex.replace", "foo", "(f)oo", "$1x")).toBe("");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Go's template syntax
    expect(call("regex.replace", "foo", "(?P<first>f)oo", "[${first}]")).toBe("[f]");
    expect(call("regex.replace", "foo", "f", "$$")).toBe("$oo");
    expect(call("regex.replace", "foo", "f", "$-")).toBe("$-oo");
  });

  it("anchors once and handles empty matches like Go", () => {
    expect(call("regex.replace", "foo", "^[a-z]", "F")).toBe("Foo");
    expect(call("regex.replace", "baaac", "a*", "-")).toBe("-b-c-");
    expect(call("regex.replace", "-wy-wxxy-", "w(x*)y", "0")).toBe("-0-0-");
  });
});

describe("regex.split, find_n and find_all_string_submatch_n", () => {
  it("keeps trailing empty strings (JS split semantics differ)", () => {
    expect(json("regex.split", "a", "banana")).toEqual(["b", "n", "n", ""]);
    expect(json("regex.split", "^[a-z ]+$", "foobar baz")).toEqual(["", ""]);
    expect(json("regex.split", "x*", "axbc")).toEqual(["a", "b", "c"]);
    expect(json("regex.split", "a", "")).toEqual([""]);
  });

  it("finds at most n matches, all when n is negative", () => {
    expect(json("regex.find_n", "a.", "paranormal", int(-1))).toEqual(["ar", "an", "al"]);
    expect(json("regex.find_n", "a.", "paranormal", int(2))).toEqual(["ar", "an"]);
    expect(json("regex.find_n", "a.", "paranormal", int(0))).toEqual([]);
    expect(json("regex.find_n", "x*", "abc", int(-1))).toEqual(["", "", "", ""]);
    expect(failureText("regex.find_n", "a", "a", RegoNumber.fromText("1.5"))).toBe(
      "eval_type_error: operand 3 must be integer number but got floating-point number",
    );
  });

  it("reports unmatched groups as empty strings", () => {
    expect(json("regex.find_all_string_submatch_n", "(a)|(b)", "ab", int(-1))).toEqual([
      ["a", "a", ""],
      ["b", "", "b"],
    ]);
  });
});

describe("regex.template_match", () => {
  it("matches literal text with delimited expressions", () => {
    expect(call("regex.template_match", "urn:foo:{.*}", "urn:foo:bar:baz", "{", "}")).toBe(true);
    expect(call("regex.template_match", "urn:foo.bar.com:{.*}", "urn:foo.com:bar:baz", "{", "}")).toBe(false);
    expect(call("regex.template_match", "urn:<[0-9]{2}>", "urn:12", "<", ">")).toBe(true);
  });

  it("rejects bad delimiters and unbalanced templates", () => {
    expect(failureText("regex.template_match", "a{b", "ab", "{", "}")).toBe(
      'eval_builtin_error: unbalanced braces in "a{b"',
    );
    expect(failureText("regex.template_match", "a", "a", "<<", ">")).toBe(
      "eval_builtin_error: start delimiter has to be exactly one character long but is 2 long",
    );
  });
});

describe("regex.globs_match", () => {
  it("decides whether two globs share a string", () => {
    expect(call("regex.globs_match", "a.a.", ".b.b")).toBe(true);
    expect(call("regex.globs_match", "[a-z]+", "[0-9]*")).toBe(false);
    expect(call("regex.globs_match", "a+b", "a*c")).toBe(false);
    expect(call("regex.globs_match", "[ab]+c", "[bc]+")).toBe(true);
    expect(call("regex.globs_match", "\\.x", ".x")).toBe(true);
  });

  it("reports malformed globs with their position", () => {
    expect(failureText("regex.globs_match", "pqrs]", "x")).toBe(
      "eval_builtin_error: input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid",
    );
    expect(failureText("regex.globs_match", "[a", "x")).toBe(
      "eval_builtin_error: input:[a, pos:2, found [ without matching ]: the input provided is invalid",
    );
    expect(failureText("regex.globs_match", "+a", "x")).toBe(
      "eval_builtin_error: input:+a, pos:1, flag '+' must be preceded by a non-flag: the input provided is invalid",
    );
  });
});
