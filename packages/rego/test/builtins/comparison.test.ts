import { describe, expect, test } from "vitest";
import { RegoSet } from "../../src/value/index.js";
import { call, v } from "./call.js";

describe("comparison and type builtins", () => {
  test("equality is numeric across literal forms and structural for collections", () => {
    expect(call("equal", v(1), v("#1.0"))).toBe(true);
    expect(call("neq", v({ a: [1] }), v({ a: [1] }))).toBe(false);
    expect(call("equal", RegoSet.of("a", "b"), RegoSet.of("b", "a"))).toBe(true);
  });

  test("ordering is defined across kinds", () => {
    expect(call("gt", v("10"), v(1))).toBe(true);
    expect(call("lt", v(null), v(false))).toBe(true);
    expect(call("lte", v([1, 2]), v([1, 2]))).toBe(true);
    expect(call("gte", v("#0.30000000000000000001"), v("#0.3"))).toBe(true);
  });

  test("is_* and type_name", () => {
    expect(call("type_name", new RegoSet())).toBe("set");
    expect(call("type_name", v({}))).toBe("object");
    expect(call("is_number", v("#1e400"))).toBe(true);
    expect(call("is_string", v(1))).toBe(false);
    expect(call("is_null", v(null))).toBe(true);
  });
});
