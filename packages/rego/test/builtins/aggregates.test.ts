import { describe, expect, test } from "vitest";
import { formatValue, RegoSet, toJSON } from "../../src/value/index.js";
import { call, v } from "./call.js";

describe("aggregate builtins", () => {
  test("count of strings counts code points", () => {
    expect(toJSON(call("count", v("héllo😀"))!)).toBe(6);
    expect(toJSON(call("count", v({ a: 1, b: 2 }))!)).toBe(2);
    expect(() => call("count", v(null))).toThrow(
      "operand 1 must be one of {array, object, set, string} but got null",
    );
  });

  test("sum and product stay exact", () => {
    expect(formatValue(call("sum", [v("#9223372036854775807"), v(1)])!)).toBe("9223372036854775808");
    expect(formatValue(call("sum", [v("#0.1"), v("#0.2")])!)).toBe("0.3");
    expect(formatValue(call("product", RegoSet.of(...(v([2, 3, 4]) as never[])))!)).toBe("24");
    expect(() => call("sum", v([1, "a"]))).toThrow(
      "operand 1 must be array of number but got array containing string",
    );
  });

  test("max, min and sort use the total order; empty max is undefined", () => {
    expect(toJSON(call("max", v([1, "a", null]))!)).toBe("a");
    expect(toJSON(call("min", v([1, "a", null]))!)).toBe(null);
    expect(call("max", v([]))).toBeUndefined();
    expect(toJSON(call("sort", v([3, "b", 1, [0]]))!)).toEqual([1, 3, "b", [0]]);
  });

  test("all and any", () => {
    expect(call("all", v([true, true]))).toBe(true);
    expect(call("all", v([true, 1]))).toBe(false);
    expect(call("any", v([false, true]))).toBe(true);
    expect(call("any", v([]))).toBe(false);
  });
});
