import { describe, expect, it } from "vitest";
import { RegoNumber, RegoObject, RegoSet, type Value } from "../../src/value/index.js";
import { plainCalls, call as rawCall, testContext } from "./call.js";

const { call, failure } = plainCalls(testContext());

const num = (text: string) => RegoNumber.fromText(text);
const obj = (...entries: [Value, Value][]) => RegoObject.fromEntries(entries);

describe("json.marshal", () => {
  it("writes Go encoding/json text: sorted keys, no spaces, sets as arrays, HTML escapes", () => {
    expect(call("json.marshal", [obj(["foo", RegoSet.of(num("3"), num("1"), num("2"))])])).toBe(
      '[{"foo":[1,2,3]}]',
    );
    expect(call("json.marshal", obj(["b", null], ["a", "<x>&"]))).toBe(
      '{"a":"\\u003cx\\u003e\\u0026","b":null}',
    );
  });

  it("keeps numbers exact", () => {
    expect(call("json.marshal", [num("12345678901234567890"), num("0.1")])).toBe(
      "[12345678901234567890,0.1]",
    );
  });
});

describe("json.marshal_with_options", () => {
  const arr = [num("1234567890"), num("2000000")];

  it("pretty-prints with Go's MarshalIndent plus a prefix on the first line", () => {
    expect(call("json.marshal_with_options", arr, obj(["indent", "  "]))).toBe(
      "[\n  1234567890,\n  2000000\n]",
    );
    expect(call("json.marshal_with_options", arr, obj(["pretty", true]))).toBe(
      "[\n\t1234567890,\n\t2000000\n]",
    );
    expect(
      call("json.marshal_with_options", obj(["foo", "bar"], ["bar", "baz"]), obj(["prefix", "J "])),
    ).toBe('J {\nJ \t"bar": "baz",\nJ \t"foo": "bar"\nJ }');
    expect(call("json.marshal_with_options", [], obj(["indent", "    "], ["prefix", "---"]))).toBe("---[]");
    expect(call("json.marshal_with_options", [[[]], obj()], obj(["indent", " "]))).toBe(
      "[\n [\n  []\n ],\n {}\n]",
    );
  });

  it("stays compact when pretty is false or no option asks for indentation", () => {
    expect(call("json.marshal_with_options", arr, obj())).toBe("[1234567890,2000000]");
    expect(
      call("json.marshal_with_options", arr, obj(["pretty", false], ["prefix", "NO!"], ["indent", "BAD!"])),
    ).toBe("[1234567890,2000000]");
  });

  it("rejects unknown and mistyped options as type errors", () => {
    expect(failure("json.marshal_with_options", [], obj(["include_winning_lottery_numbers", true]))).toEqual({
      code: "eval_type_error",
      message: 'operand 2 object contained unknown key "include_winning_lottery_numbers"',
    });
    expect(failure("json.marshal_with_options", [], obj(["pretty", "yes"])).message).toBe(
      'operand 2 key "pretty" failed cast to bool',
    );
  });
});

describe("json.unmarshal / json.is_valid", () => {
  it("decodes with exact numbers and last-key-wins", () => {
    expect(call("json.unmarshal", '[{"foo":[1,2,3]}]')).toEqual([{ foo: [1n, 2n, 3n] }]);
    expect(call("json.unmarshal", '{"a": 1, "a": 2, "big": 123456789012345678901234567890}')).toEqual({
      a: 2n,
      big: 123456789012345678901234567890n,
    });
    expect(call("json.unmarshal", ' "\\u00e9\\ud83d\\ude00" ')).toBe("é😀");
  });

  it("reports Go's syntax errors", () => {
    expect(failure("json.unmarshal", "{")).toEqual({ code: "eval_builtin_error", message: "unexpected EOF" });
    expect(failure("json.unmarshal", "plainstring").message).toBe(
      "invalid character 'p' looking for beginning of value",
    );
    expect(failure("json.unmarshal", '{"a" 1}').message).toBe("invalid character '1' after object key");
    expect(failure("json.unmarshal", "[1,]").message).toBe(
      "invalid character ']' looking for beginning of value",
    );
    expect(failure("json.unmarshal", "1 2").message).toBe(
      "error: invalid character '2' after top-level value",
    );
    expect(failure("json.unmarshal", "tru").message).toBe("unexpected EOF");
    expect(failure("json.unmarshal", "").message).toBe("EOF");
    expect(failure("json.unmarshal", "[".repeat(10001)).message).toBe(
      "invalid character '[' exceeded max depth",
    );
    expect(Array.isArray(rawCall("json.unmarshal", `${"[".repeat(10000)}${"]".repeat(10000)}`))).toBe(true);
    expect(failure("json.unmarshal", num("1"))).toEqual({
      code: "eval_type_error",
      message: "operand 1 must be string but got number",
    });
  });

  it("validates whole documents and answers false for non-strings", () => {
    expect(call("json.is_valid", '{"json": "ok"}')).toBe(true);
    expect(call("json.is_valid", "{")).toBe(false);
    expect(call("json.is_valid", "1 2")).toBe(false);
    expect(call("json.is_valid", num("1"))).toBe(false);
  });
});

describe("base64 / base64url", () => {
  it("encodes UTF-8 bytes", () => {
    expect(call("base64.encode", "subjects?_d")).toBe("c3ViamVjdHM/X2Q=");
    expect(call("base64url.encode", "subjects?_d")).toBe("c3ViamVjdHM_X2Q=");
    expect(call("base64url.encode_no_pad", "hello")).toBe("aGVsbG8");
    expect(call("base64.encode", "é")).toBe("w6k=");
  });

  it("decodes strictly, like Go", () => {
    expect(call("base64.decode", "aGVsbG8=")).toBe("hello");
    expect(call("base64.decode", "aGVs\nbG8=")).toBe("hello");
    expect(failure("base64.decode", "aGVsbG8")).toEqual({
      code: "eval_builtin_error",
      message: "illegal base64 data at input byte 4",
    });
    expect(failure("base64.decode", "aGVsbG8=x").message).toBe("illegal base64 data at input byte 8");
    expect(call("base64.is_valid", "aGVsbG8=")).toBe(true);
    expect(call("base64.is_valid", "{'not':'base64'}")).toBe(false);
    expect(call("base64.is_valid", num("1"))).toBe(false);
  });

  it("restores missing padding for base64url", () => {
    expect(call("base64url.decode", "aGVsbG8")).toBe("hello");
    expect(call("base64url.decode", "aGVsbG8=")).toBe("hello");
    expect(failure("base64url.decode", "a").message).toBe("illegal base64url string: a");
    expect(failure("base64url.decode", "c3ViamVjdHM/X2Q=").message).toBe(
      "illegal base64 data at input byte 11",
    );
  });
});

describe("hex", () => {
  it("encodes and decodes", () => {
    expect(call("hex.encode", "lorem ipsum")).toBe("6c6f72656d20697073756d");
    expect(call("hex.decode", "6c6f72656D20697073756d")).toBe("lorem ipsum");
  });

  it("reports Go's errors", () => {
    expect(failure("hex.decode", "fghijkl").message).toBe("encoding/hex: invalid byte: U+0067 'g'");
    expect(failure("hex.decode", "abc").message).toBe("encoding/hex: odd length hex string");
  });
});

describe("urlquery", () => {
  it("escapes like url.QueryEscape", () => {
    expect(call("urlquery.encode", "a=b+1")).toBe("a%3Db%2B1");
    expect(call("urlquery.encode", "a b/ü~")).toBe("a+b%2F%C3%BC~");
    expect(call("urlquery.encode", "")).toBe("");
    expect(call("urlquery.decode", "a%3Db%2B1+c")).toBe("a=b+1 c");
    expect(failure("urlquery.decode", "%zz").message).toBe('invalid URL escape "%zz"');
  });

  it("encodes objects with sorted keys and repeated values", () => {
    expect(call("urlquery.encode_object", obj(["c", "d"], ["a", "b"]))).toBe("a=b&c=d");
    expect(call("urlquery.encode_object", obj(["a", ["b+1", "c+2"]]))).toBe("a=b%2B1&a=c%2B2");
    expect(call("urlquery.encode_object", obj(["a", RegoSet.of("b+1")]))).toBe("a=b%2B1");
    expect(failure("urlquery.encode_object", obj(["a", num("1")]))).toEqual({
      code: "eval_type_error",
      message: "operand 1 values must be string, array[string], or set[string]",
    });
  });

  it("decodes queries into arrays of values", () => {
    expect(call("urlquery.decode_object", "a=value_a1&b=value_b&a=value_a2")).toEqual({
      a: ["value_a1", "value_a2"],
      b: ["value_b"],
    });
    expect(call("urlquery.decode_object", "a=value_a1&b")).toEqual({ a: ["value_a1"], b: [""] });
    expect(call("urlquery.decode_object", "")).toEqual({});
    expect(failure("urlquery.decode_object", "a=1;b=2").message).toBe("invalid semicolon separator in query");
  });
});

describe("yaml", () => {
  it("round-trips values", () => {
    const text = call("yaml.marshal", [obj(["foo", RegoSet.of(num("1"), num("2"), num("3"))])]) as string;
    expect(text).toBe("- foo:\n  - 1\n  - 2\n  - 3\n");
    expect(call("yaml.unmarshal", text)).toEqual([{ foo: [1n, 2n, 3n] }]);
  });

  it("reads YAML 1.1 like go-yaml v2", () => {
    expect(call("yaml.unmarshal", "a: yes\nb: 2001-12-14\nc: 1.5\nd: ~")).toEqual({
      a: true,
      b: "2001-12-14",
      c: "1.5",
      d: null,
    });
    expect(call("yaml.unmarshal", "")).toBe(null);
  });

  it("reports errors as go-yaml does and validates", () => {
    expect(failure("yaml.unmarshal", "[1,2,3")).toEqual({
      code: "eval_builtin_error",
      message: "yaml: line 1: did not find expected ',' or ']'",
    });
    expect(call("yaml.is_valid", "foo:\n - qux: bar\n - baz: 2")).toBe(true);
    expect(call("yaml.is_valid", "foo:\n - qux: bar\n - baz: {")).toBe(false);
    expect(call("yaml.is_valid", num("1"))).toBe(false);
  });
});
