import { describe, expect, it } from "vitest";
import { RegoNumber, toJSON, type Value } from "../../src/value/index.js";
import { call, failureText } from "./call.js";

const failure = (...args: Value[]) => failureText("uri.parse", ...args);

const parse = (s: string) => toJSON(call("uri.parse", s) as Value);

describe("uri.parse", () => {
  it("splits a URI into the parts that are present", () => {
    expect(parse("HTTPS://user:p%40ss@example.com:8443/a%2Fb/c?x=1&y#frag%20ment")).toEqual({
      scheme: "https",
      hostname: "example.com",
      port: "8443",
      path: "/a/b/c",
      raw_path: "/a%2Fb/c",
      raw_query: "x=1&y",
      fragment: "frag ment",
    });
    expect(parse("http://[fe80::1%25en0]:80/")).toEqual({
      scheme: "http",
      hostname: "fe80::1%en0",
      port: "80",
      path: "/",
      raw_path: "/",
    });
    expect(parse("mailto:someone@example.com")).toEqual({ scheme: "mailto" });
    expect(parse("/relative/path?q")).toEqual({
      path: "/relative/path",
      raw_path: "/relative/path",
      raw_query: "q",
    });
    expect(parse("")).toEqual({});
  });

  it("keeps raw_path equal to path when the default escaping round-trips", () => {
    expect(parse("https://example.com/a%21b")).toMatchObject({ path: "/a!b", raw_path: "/a!b" });
    expect(parse("https://example.com/a%3Fb")).toMatchObject({ path: "/a?b", raw_path: "/a?b" });
    expect(parse("https://example.com/a%3fb")).toMatchObject({ path: "/a?b", raw_path: "/a%3fb" });
  });

  it("is as strict as Go's url.Parse", () => {
    expect(failure("http://exa%6dple.com/")).toBe(
      'eval_builtin_error: parse "http://exa%6dple.com/": invalid URL escape "%6d"',
    );
    expect(failure("http://a<b@example.com/")).toBe(
      'eval_builtin_error: parse "http://a<b@example.com/": net/url: invalid userinfo',
    );
    expect(failure("http://example.com:٣٤/")).toBe(
      'eval_builtin_error: parse "http://example.com:٣٤/": invalid port ":٣٤" after host',
    );
    expect(failure("http://a b.com/")).toBe(
      'eval_builtin_error: parse "http://a b.com/": invalid character " " in host name',
    );
    expect(failure("http://[1.2.3.4]/")).toBe(
      'eval_builtin_error: parse "http://[1.2.3.4]/": invalid IP-literal',
    );
    expect(failure("http://[::1/")).toBe(`eval_builtin_error: parse "http://[::1/": missing ']' in host`);
    expect(failure("http://a:1:2/")).toBe(
      'eval_builtin_error: parse "http://a:1:2/": invalid port ":1:2" after host',
    );
    expect(failure("1a:b")).toBe(
      'eval_builtin_error: parse "1a:b": first path segment in URL cannot contain colon',
    );
    expect(failure(":x")).toBe('eval_builtin_error: parse ":x": missing protocol scheme');
    expect(failure("http://x/\n")).toBe(
      'eval_builtin_error: parse "http://x/\\n": net/url: invalid control character in URL',
    );
    expect(failure("http://x/#%zz")).toBe(
      'eval_builtin_error: parse "http://x/#%zz": invalid URL escape "%zz"',
    );
    expect(failure(RegoNumber.fromInt(1))).toBe("eval_type_error: operand 1 must be string but got number");
  });

  it("accepts what Go accepts", () => {
    expect(parse("http://foo]bar/")).toMatchObject({ hostname: "foo]bar" });
    expect(parse("postgres://h1:5432,h2:5433/db")).toMatchObject({ hostname: "h1:5432,h2", port: "5433" });
  });
});

describe("uri.is_valid", () => {
  it("is false for what uri.parse rejects, for non-strings and for the empty string", () => {
    expect(call("uri.is_valid", "https://example.com/path?q=1")).toBe(true);
    expect(call("uri.is_valid", "http://[invalid")).toBe(false);
    expect(call("uri.is_valid", "http://user name@example.com/")).toBe(false);
    expect(call("uri.is_valid", "")).toBe(false);
    expect(call("uri.is_valid", RegoNumber.fromInt(1))).toBe(false);
  });
});
