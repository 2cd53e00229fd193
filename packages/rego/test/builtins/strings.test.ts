import { describe, expect, test } from "vitest";
import { RegoObject, RegoSet, toJSON, type Value } from "../../src/value/index.js";
import { call, failure, v } from "./call.js";

const json = (x: Value | undefined) => (x === undefined ? undefined : toJSON(x));
const str = (name: string, ...args: unknown[]) => call(name, ...args.map(v));

describe("runes, not UTF-16 units", () => {
  test("indexof, indexof_n and substring count code points", () => {
    expect(json(str("indexof", "😀ab", "b"))).toBe(2);
    expect(json(str("indexof", "abc", "z"))).toBe(-1);
    expect(json(str("indexof_n", "aaa", "aa"))).toEqual([0, 1]);
    expect(json(str("indexof_n", "😀x😀x", "x"))).toEqual([1, 3]);
    expect(str("substring", "aé😀bc", 2, 2)).toBe("😀b");
    expect(str("substring", "aé😀bc", 1, -1)).toBe("é😀bc");
    expect(str("substring", "abc", 5, 1)).toBe("");
  });

  test("strings.count and split with an empty separator see rune boundaries", () => {
    expect(json(str("strings.count", "😀😀", ""))).toBe(3);
    expect(json(str("strings.count", "aaaa", "aa"))).toBe(2);
    expect(json(str("split", "a😀b", ""))).toEqual(["a", "😀", "b"]);
    expect(json(str("split", "", ""))).toEqual([]);
    expect(json(str("split", "", ","))).toEqual([""]);
  });

  test("strings.reverse keeps surrogate pairs whole", () => {
    expect(str("strings.reverse", "a😀b")).toBe("b😀a");
  });

  test("an empty search string is an error", () => {
    expect(failure("indexof", v("abc"), v(""))).toEqual({
      code: "eval_builtin_error",
      message: "empty search character",
    });
    expect(failure("substring", v("abc"), v(-1), v(1))).toEqual({
      code: "eval_builtin_error",
      message: "negative offset",
    });
    expect(failure("substring", v("abc"), v("#1.5"), v(1)).message).toBe(
      "operand 2 must be integer number but got floating-point number",
    );
  });
});

describe("Go's strings package", () => {
  test("case mapping is per rune: no multi-rune expansions", () => {
    expect(str("upper", "straße ǆ")).toBe("STRAßE Ǆ");
    expect(str("lower", "ÀÉ İ")).toBe("àé i");
    expect(str("upper", "ᾳ")).toBe("ᾼ");
  });

  test("trim_space uses unicode.IsSpace (U+0085 yes, U+FEFF no)", () => {
    expect(str("trim_space", "\u0085\u3000 x \t")).toBe("x");
    expect(str("trim_space", "\ufeffx")).toBe("\ufeffx");
  });

  test("trim, trim_left, trim_right take a cutset of runes", () => {
    expect(str("trim", "¡¡x!¡", "!¡")).toBe("x");
    expect(str("trim_left", "😀😀x😀", "😀")).toBe("x😀");
    expect(str("trim_right", "x😀😀", "😀")).toBe("x");
    expect(str("trim", "abc", "")).toBe("abc");
    expect(str("trim_prefix", "prefix-x", "prefix-")).toBe("x");
    expect(str("trim_suffix", "x.rego", ".rego")).toBe("x");
    expect(str("trim_suffix", "x", "")).toBe("x");
  });

  test("replace: non-overlapping, and an empty old string matches between runes", () => {
    expect(str("replace", "aaa", "aa", "b")).toBe("ba");
    expect(str("replace", "a😀", "", "-")).toBe("-a-😀-");
    expect(str("replace", "", "", "-")).toBe("-");
  });

  test("strings.replace_n: at each position the first pattern in key order wins", () => {
    const patterns = (o: Record<string, string>) => v(o);
    expect(call("strings.replace_n", patterns({ a: "1", aa: "2" }), v("aaa"))).toBe("111");
    expect(call("strings.replace_n", patterns({ "<": "&lt;", ">": "&gt;" }), v("<b>"))).toBe("&lt;b&gt;");
    expect(call("strings.replace_n", patterns({ "": "-", x: "y" }), v("xx"))).toBe("-y-y-");
    expect(failure("strings.replace_n", RegoObject.fromEntries([[v(1), "x"]]), v("a"))).toEqual({
      code: "eval_type_error",
      message: "operand 1 non-string key found in pattern object",
    });
    expect(failure("strings.replace_n", v({ a: 1 }), v("a")).message).toBe(
      "operand 1 non-string value found in pattern object",
    );
    // the string operand is checked before the patterns
    expect(failure("strings.replace_n", v({ a: 1 }), v(1)).message).toBe(
      "operand 2 must be string but got number",
    );
  });

  test("strings.split_n keeps the first n parts, or the last -n", () => {
    expect(json(str("strings.split_n", "a.b.c", ".", 2))).toEqual(["a", "b"]);
    expect(json(str("strings.split_n", "a.b.c", ".", -2))).toEqual(["b", "c"]);
    expect(json(str("strings.split_n", "a.b.c", ".", 0))).toEqual([]);
    expect(json(str("strings.split_n", "a.b.c", ".", 9))).toEqual(["a", "b", "c"]);
    expect(json(str("strings.split_n", "abc", "", -1))).toEqual(["c"]);
  });
});

describe("concat, contains, prefixes and suffixes", () => {
  test("concat joins arrays and sets (in set order)", () => {
    expect(call("concat", v("/"), v(["", "a", "b"]))).toBe("/a/b");
    expect(call("concat", v(","), RegoSet.of("b", "a"))).toBe("a,b");
    expect(call("concat", v(","), v([]))).toBe("");
    expect(failure("concat", v(","), v(["a", 1]))).toEqual({
      code: "eval_type_error",
      message: "operand 2 must be array of strings but got array containing number",
    });
    expect(failure("concat", v(","), v("a")).message).toBe(
      "operand 2 must be one of {set, array} but got string",
    );
  });

  test("contains, startswith, endswith", () => {
    expect(str("contains", "policy", "lic")).toBe(true);
    expect(str("startswith", "arn:aws:iam", "arn:")).toBe(true);
    expect(str("endswith", "x.example.com", ".example.org")).toBe(false);
    expect(failure("startswith", v(1), v("a")).message).toBe("operand 1 must be string but got number");
  });

  test("strings.any_prefix_match / any_suffix_match over strings, arrays and sets", () => {
    expect(str("strings.any_prefix_match", ["a/b", "c/d"], ["x/", "c/"])).toBe(true);
    expect(str("strings.any_prefix_match", "a/b", "b")).toBe(false);
    expect(call("strings.any_suffix_match", RegoSet.of("a.rego"), v(".rego"))).toBe(true);
    expect(str("strings.any_suffix_match", [], ["x"])).toBe(false);
    expect(failure("strings.any_prefix_match", RegoSet.of(v(1)), v("a")).message).toBe(
      "operand 1 must be set of strings but got set containing number",
    );
    expect(failure("strings.any_suffix_match", v("a"), v(1)).message).toBe(
      "operand 2 must be one of {string, set, array} but got number",
    );
  });
});

describe("format_int", () => {
  test("integers exactly in every base, fractions truncated toward zero", () => {
    expect(str("format_int", 255, 16)).toBe("ff");
    expect(str("format_int", "#-255", 2)).toBe("-11111111");
    expect(str("format_int", "#1180591620717411303424", 8)).toBe("200000000000000000000000");
    expect(str("format_int", "#15.9", 16)).toBe("f");
    expect(str("format_int", "#-15.9", 10)).toBe("-15");
    expect(str("format_int", "#1e3", 10)).toBe("1000");
  });

  test("the base must be one of 2, 8, 10, 16, as written", () => {
    expect(failure("format_int", v(1), v(3))).toEqual({
      code: "eval_type_error",
      message: "operand 2 must be one of {2, 8, 10, 16}",
    });
    // OPA compares the number's text, so 16.0 is not 16
    expect(failure("format_int", v(1), v("#16.0")).message).toBe("operand 2 must be one of {2, 8, 10, 16}");
  });
});
