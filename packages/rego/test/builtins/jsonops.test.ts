import { describe, expect, it } from "vitest";
import { RegoNumber, RegoSet, toJSON, type Value } from "../../src/value/index.js";
import { call, v, failureText } from "./call.js";

const json = (name: string, ...args: Value[]) => {
  const out = call(name, ...args);
  return out === undefined ? undefined : toJSON(out);
};

const doc = v({ a: { b: 1, c: [10, 20, 30] }, d: "x", "e/f": 2, "g~h": 3 });

describe("json.filter", () => {
  it("keeps only the paths given, as pointers or segment arrays", () => {
    expect(json("json.filter", doc, v(["a/b", "d"]))).toEqual({ a: { b: 1 }, d: "x" });
    expect(json("json.filter", doc, v([["a", "c", "1"]]))).toEqual({ a: { c: [20] } });
    expect(json("json.filter", doc, v(["/a/c/0", "a/c/2"]))).toEqual({ a: { c: [10, 30] } });
    expect(json("json.filter", doc, v(["e~1f", "g~0h"]))).toEqual({ "e/f": 2, "g~h": 3 });
    expect(json("json.filter", doc, RegoSet.of("a", "a/b"))).toEqual({ a: { b: 1, c: [10, 20, 30] } });
  });

  it("addresses set members by themselves", () => {
    expect(json("json.filter", v({ s: RegoSet.of("x", "y") }), v(["s/x"]))).toEqual({ s: ["x"] });
  });
});

describe("json.remove", () => {
  it("drops the paths given and closes up arrays", () => {
    expect(json("json.remove", doc, v(["a/b", "d", "e~1f", "g~0h"]))).toEqual({ a: { c: [10, 20, 30] } });
    expect(json("json.remove", doc, v(["a/c/0", "a/c/2"]))).toEqual({
      a: { b: 1, c: [20] },
      d: "x",
      "e/f": 2,
      "g~h": 3,
    });
    // array indexes are matched as strings, so a numeric segment does not address an element
    expect(json("json.remove", v({ c: [1, 2] }), v([["c", RegoNumber.fromInt(0)]]))).toEqual({ c: [1, 2] });
    expect(json("json.remove", v({ s: RegoSet.of("x", "y") }), v(["s/x"]))).toEqual({ s: ["y"] });
    expect(json("json.remove", v({ a: 1 }), v([""]))).toEqual({ a: 1 });
  });

  it("reports OPA's operand errors", () => {
    expect(failureText("json.remove", "x", v([]))).toBe(
      "eval_type_error: operand 1 must be object but got string",
    );
    expect(failureText("json.remove", v({}), "a")).toBe(
      "eval_type_error: operand 2 must be one of {set, array} but got string",
    );
    expect(failureText("json.remove", v({}), v([RegoNumber.fromInt(1)]))).toBe(
      "eval_type_error: operand 2 must be one of {set, array} containing string paths or array of path segments but got number",
    );
  });
});

describe("json.patch", () => {
  const patch = (target: unknown, ops: unknown) => json("json.patch", v(target), v(ops));

  it("applies RFC 6902 operations in order", () => {
    expect(
      patch({ foo: ["bar", "baz"] }, [
        { op: "add", path: "/foo/1", value: "qux" },
        { op: "add", path: "/foo/-", value: "end" },
        { op: "remove", path: "/foo/0" },
        { op: "replace", path: "/foo/0", value: "QUX" },
        { op: "copy", from: "/foo/0", path: "/first" },
        { op: "move", from: "/foo/2", path: "/last" },
        { op: "test", path: "/last", value: "end" },
      ]),
    ).toEqual({ first: "QUX", foo: ["QUX", "baz"], last: "end" });
    expect(patch({}, [{ op: "add", path: "", value: [1] }])).toEqual([1]);
  });

  it("treats sets as content-addressed collections", () => {
    expect(
      toJSON(call("json.patch", v({ s: RegoSet.of("a") }), v([{ op: "add", path: "s/b", value: "b" }]))!),
    ).toEqual({
      s: ["a", "b"],
    });
    expect(json("json.patch", RegoSet.of(v([1])), v([{ op: "add", path: [[1], 1], value: 2 }]))).toEqual([
      [1, 2],
    ]);
    expect(
      failureText("json.patch", v({ s: RegoSet.of("a") }), v([{ op: "add", path: "s/b", value: "c" }])),
    ).toBe('eval_builtin_error: set key "b" does not equal value to be inserted "c"');
  });

  it("fails on paths that do not exist or bad indexes", () => {
    expect(failureText("json.patch", v({ q: {} }), v([{ op: "add", path: "/a/b", value: 1 }]))).toBe(
      'eval_builtin_error: path "a" does not exist in object term {"q": {}}',
    );
    expect(failureText("json.patch", v([1]), v([{ op: "add", path: "/01", value: 1 }]))).toBe(
      "eval_builtin_error: leading zeros are not allowed in JSON paths",
    );
    expect(failureText("json.patch", v([1]), v([{ op: "remove", path: "/1" }]))).toBe(
      "eval_builtin_error: index for array delete out of bounds",
    );
    expect(failureText("json.patch", v({ a: 1 }), v([{ op: "test", path: "/a", value: "1" }]))).toContain(
      "value from EditTree != patch value.",
    );
    expect(failureText("json.patch", v({}), v([{ op: "frob", path: "/a" }]))).toBe(
      "eval_builtin_error: unrecognized op: 'frob'",
    );
    expect(failureText("json.patch", v({}), v([{ path: "/a" }]))).toBe(
      "eval_builtin_error: missing required attribute 'op'",
    );
    expect(failureText("json.patch", v({}), v({}))).toBe(
      "eval_type_error: operand 2 must be array but got object",
    );
  });

  it("is undefined once the root document is removed", () => {
    expect(patch({ a: 1 }, [{ op: "remove", path: "" }])).toBeUndefined();
  });
});
