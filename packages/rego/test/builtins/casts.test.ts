import { describe, expect, test } from "vitest";
import { formatValue, toJSON } from "../../src/value/index.js";
import { call, v } from "./call.js";

describe("to_number and cast_*", () => {
  test("to_number keeps the string's number text", () => {
    expect(formatValue(call("to_number", v("-42.0"))!)).toBe("-42.0");
    expect(formatValue(call("to_number", v("+.5"))!)).toBe("0.5");
    expect(toJSON(call("to_number", v(true))!)).toBe(1);
    expect(toJSON(call("to_number", v(null))!)).toBe(0);
  });

  test("to_number errors", () => {
    expect(() => call("to_number", v("broken"))).toThrow(
      'strconv.ParseFloat: parsing "broken": invalid syntax',
    );
    expect(() => call("to_number", v("Infinity"))).toThrow(
      "operand 1 must be valid number string but got string",
    );
    expect(() => call("to_number", v([]))).toThrow(
      "operand 1 must be one of {null, boolean, number, string}",
    );
  });

  test("cast_* convert or reject", () => {
    expect(toJSON(call("cast_set", v([2, 1, 2]))!)).toEqual([1, 2]);
    expect(call("cast_null", v(null))).toBe(null);
    expect(() => call("cast_boolean", v(1))).toThrow("operand 1 must be boolean but got number");
  });
});
