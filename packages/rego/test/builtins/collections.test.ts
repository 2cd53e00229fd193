import { describe, expect, test } from "vitest";
import { RegoObject, RegoSet, toJSON, type Value } from "../../src/value/index.js";
import { call, v } from "./call.js";

const set = (...xs: unknown[]) => RegoSet.from(xs.map(v));
const json = (x: Value | undefined) => (x === undefined ? undefined : toJSON(x));

describe("set builtins", () => {
  test("&, |, intersection, union", () => {
    expect(json(call("and", set(1, 2, 3), set(2, 3, 4)))).toEqual([2, 3]);
    expect(json(call("or", set(1), set("#1.0", 2)))).toEqual([1, 2]);
    expect(json(call("intersection", RegoSet.of(set(1, 2), set(2, 3))))).toEqual([2]);
    expect(json(call("union", RegoSet.of(set(1), set(2))))).toEqual([1, 2]);
    expect(json(call("intersection", new RegoSet()))).toEqual([]);
    expect(() => call("and", set(1), v([1]))).toThrow("operand 2 must be set but got array");
  });
});

describe("array builtins", () => {
  test("concat, slice with clamping, reverse, one-level flatten", () => {
    expect(json(call("array.concat", v([1]), v([2, 3])))).toEqual([1, 2, 3]);
    expect(json(call("array.slice", v([1, 2, 3, 4]), v(-1), v(2)))).toEqual([1, 2]);
    expect(json(call("array.slice", v([1, 2, 3]), v(2), v(9)))).toEqual([3]);
    expect(json(call("array.slice", v([1, 2, 3]), v(2), v(1)))).toEqual([]);
    expect(json(call("array.reverse", v([1, 2, 3])))).toEqual([3, 2, 1]);
    expect(json(call("array.flatten", v([[1], [2, [3]], 4])))).toEqual([1, 2, [3], 4]);
    expect(() => call("array.concat", v({}), v([]))).toThrow("operand 1 must be array but got object");
  });
});

describe("object builtins", () => {
  const obj = v({ a: { b: [10, 20] }, c: 1 });

  test("object.get by key and by path, with defaults", () => {
    expect(json(call("object.get", obj, v("c"), v(0)))).toBe(1);
    expect(json(call("object.get", obj, v(["a", "b", 1]), v(0)))).toBe(20);
    expect(json(call("object.get", obj, v(["a", "x"]), v("dflt")))).toBe("dflt");
    expect(call("object.get", obj, v([]), v(0))).toBe(obj);
  });

  test("keys, remove, filter accept objects, sets and arrays of keys", () => {
    expect(json(call("object.keys", obj))).toEqual(["a", "c"]);
    expect(json(call("object.remove", obj, v(["a"])))).toEqual({ c: 1 });
    expect(json(call("object.filter", obj, set("a", "zz")))).toEqual({ a: { b: [10, 20] } });
    expect(json(call("object.remove", obj, v({ c: 0 })))).toEqual({ a: { b: [10, 20] } });
    expect(() => call("object.remove", obj, v("a"))).toThrow(
      "operand 2 must be one of {object, set, array} but got string",
    );
    expect(json(obj)).toEqual({ a: { b: [10, 20] }, c: 1 }); // inputs are not mutated
  });

  test("union merges recursively, right wins; union_n folds", () => {
    expect(json(call("object.union", v({ a: { x: 1, y: 1 } }), v({ a: { y: 2 }, b: 3 })))).toEqual({
      a: { x: 1, y: 2 },
      b: 3,
    });
    expect(json(call("object.union_n", v([{ a: 1 }, { a: 2, b: 1 }])))).toEqual({ a: 2, b: 1 });
  });

  test("subset over objects, sets, arrays (contiguous) and a set within an array", () => {
    expect(call("object.subset", v({ a: { b: 1, c: 2 }, d: 3 }), v({ a: { b: 1 } }))).toBe(true);
    expect(call("object.subset", v([1, 2, 3, 4]), v([2, 3]))).toBe(true);
    expect(call("object.subset", v([1, 2, 3, 4]), v([2, 4]))).toBe(false);
    expect(call("object.subset", v([1, 2, 3]), set(3, 1))).toBe(true);
    expect(() => call("object.subset", set(1), v([1]))).toThrow("must be of the same type");
  });

  test("non-string keys work as keys", () => {
    const o = RegoObject.fromEntries([[v(1), "one"]]);
    expect(call("object.get", o, v("#1.0"), v(null))).toBe("one");
  });
});
