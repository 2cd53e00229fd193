import { describe, expect, it } from "vitest";
import { RegoNumber, type Value } from "../../src/value/index.js";
import { call, v, failureText } from "./call.js";

const failure = (...args: Value[]) => failureText("glob.match", ...args);

const match = (pattern: string, delimiters: unknown, text: string) =>
  call("glob.match", pattern, v(delimiters), text);

describe("glob.match", () => {
  it("stops * and ? at delimiters, but not **", () => {
    expect(match("*.github.com", ["."], "api.github.com")).toBe(true);
    expect(match("*.github.com", ["."], "api.cdn.github.com")).toBe(false);
    expect(match("**.github.com", ["."], "api.cdn.github.com")).toBe(true);
    expect(match("?at", [], "cat")).toBe(true);
    expect(match("?at", [], ".at")).toBe(false);
  });

  it("uses '.' for an empty delimiter list and none for null", () => {
    expect(match("*", [], "a.b")).toBe(false);
    expect(match("*", null, "a.b")).toBe(true);
    expect(match("*:*", [":"], "a.b:c")).toBe(true);
    expect(match("a*", ["/", ":"], "ab/c")).toBe(false);
  });

  it("supports lists, ranges, negation and alternatives", () => {
    expect(match("[abc]at", [], "bat")).toBe(true);
    expect(match("[!abc]at", [], "bat")).toBe(false);
    expect(match("[a-c]at", [], "cat")).toBe(true);
    expect(match("[!a-c]at", [], "rat")).toBe(true);
    // a negated class matches a delimiter, unlike ?
    expect(match("[!a]b", ["."], ".b")).toBe(true);
    expect(match("{cat,bat,[fr]at}", [], "rat")).toBe(true);
    expect(match("{cat,bat,[fr]at}", [], "mat")).toBe(false);
    expect(match("a{,b}", [], "a")).toBe(true);
  });

  it("keeps gobwas' lexer quirks", () => {
    expect(match("a}b,c", [], "a}b,c")).toBe(true); // literal outside braces
    expect(match("{a,b", [], "b")).toBe(true); // an unclosed brace still groups
    expect(match("\\*x", [], "*x")).toBe(true);
    expect(match("x\\", [], "x")).toBe(true); // a trailing backslash is dropped
    expect(match("a.b", [], "a.b")).toBe(true); // regex metacharacters are literal
    expect(match("a.b", [], "axb")).toBe(false);
  });

  it("reports gobwas' errors and operand errors", () => {
    expect(failure("[a-", v([]), "x")).toBe("eval_builtin_error: unexpected end of input");
    expect(failure("[]", v([]), "x")).toBe("eval_builtin_error: could not parse range");
    expect(failure("[z-a]", v([]), "x")).toBe(
      "eval_builtin_error: hi character 'a' should be greater than lo 'z'",
    );
    expect(failure("[a-bc]", v([]), "x")).toBe("eval_builtin_error: expected close range character");
    expect(failure("*", "x", "x")).toBe(
      "eval_type_error: operand 2 must be one of {array, null} but got string",
    );
    expect(failure("*", v([RegoNumber.fromInt(1)]), "x")).toBe(
      "eval_type_error: operand 2 must be array of strings but got array containing number",
    );
    expect(failure("*", v(["ab"]), "x")).toBe(
      "eval_type_error: operand 2 must be array of runes but got array containing string",
    );
  });
});

describe("glob.quote_meta", () => {
  it("escapes the glob metacharacters", () => {
    expect(call("glob.quote_meta", "*.github.com")).toBe("\\*.github.com");
    expect(call("glob.quote_meta", "[{a,b}]?\\")).toBe("\\[\\{a,b\\}\\]\\?\\\\");
  });
});
