import { describe, expect, test } from "vitest";
import { formatValue } from "../../src/value/index.js";
import { call, v } from "./call.js";

const text = (name: string, ...args: unknown[]) => formatValue(call(name, ...args.map(v))!);

describe("bits builtins", () => {
  test("two's complement semantics on exact integers", () => {
    expect(text("bits.and", 12, 10)).toBe("8");
    expect(text("bits.or", 12, 10)).toBe("14");
    expect(text("bits.xor", 12, 10)).toBe("6");
    expect(text("bits.negate", 42)).toBe("-43");
    expect(text("bits.lsh", "#9223372036854775807", 1)).toBe("18446744073709551614");
    expect(text("bits.rsh", -7, 1)).toBe("-4");
  });

  test("errors", () => {
    expect(() => call("bits.lsh", v(7), v(-1))).toThrow(
      "operand 2 must be an unsigned integer number but got a negative integer",
    );
    expect(() => call("bits.and", v("#7.2"), v(1))).toThrow(
      "operand 1 must be integer number but got floating-point number",
    );
  });
});
