import { describe, expect, test } from "vitest";
import { formatValue, RegoSet, toJSON } from "../../src/value/index.js";
import { call, failureText, v } from "./call.js";

const text = (x: ReturnType<typeof call>) => (x === undefined ? "undefined" : formatValue(x));

describe("arithmetic builtins", () => {
  test("plus/minus/mul/div on exact and decimal numbers", () => {
    expect(text(call("plus", v("#0.1"), v("#0.2")))).toBe("0.3");
    expect(text(call("div", v(1), v(3)))).toBe("0.33333333333333333334");
    expect(text(call("mul", v("#9223372036854775807"), v(2)))).toBe("18446744073709551614");
    expect(text(call("minus", v(1), v("#1.0")))).toBe("0");
  });

  test("minus is also set difference", () => {
    expect(text(call("minus", RegoSet.of("a", "b"), RegoSet.of("b")))).toBe('{"a"}');
  });

  test("errors are worded as OPA words them", () => {
    const err = (name: string, ...args: Parameters<typeof v>[0][]) => failureText(name, ...args.map(v));
    expect(err("div", 1, 0)).toBe("eval_builtin_error: divide by zero");
    expect(err("rem", 1, 0)).toBe("eval_builtin_error: modulo by zero");
    expect(err("rem", "#1.5", 1)).toBe("eval_builtin_error: modulo on floating-point number");
    expect(err("plus", 1, "a")).toBe("eval_type_error: operand 2 must be number but got string");
    expect(err("minus", 1, [])).toBe("eval_type_error: operand 2 must be number but got array");
    expect(err("minus", "x", 1)).toBe(
      "eval_type_error: operand 1 must be one of {number, set} but got string",
    );
    expect(err("numbers.range", "#1.5", 2)).toBe(
      "eval_type_error: operand 1 must be integer number but got floating-point number",
    );
    expect(err("numbers.range_step", 1, 5, 0)).toBe("eval_builtin_error: step must be a positive integer");
  });

  test("remainder follows the dividend's sign", () => {
    expect(text(call("rem", v(-7), v(3)))).toBe("-1");
    expect(text(call("rem", v("#-18446744073709551617"), v(10)))).toBe("-7");
  });

  test("abs, round, ceil, floor", () => {
    expect(
      [call("abs", v(-3)), call("round", v("#-2.5")), call("ceil", v("#1.2")), call("floor", v("#-1.2"))].map(
        text,
      ),
    ).toEqual(["3", "-3", "2", "-2"]);
  });

  test("numbers.range and range_step, both directions", () => {
    expect(toJSON(call("numbers.range", v(1), v(4))!)).toEqual([1, 2, 3, 4]);
    expect(toJSON(call("numbers.range", v(2), v(-1))!)).toEqual([2, 1, 0, -1]);
    expect(toJSON(call("numbers.range_step", v(0), v(10), v(4))!)).toEqual([0, 4, 8]);
    expect(toJSON(call("numbers.range_step", v(10), v(0), v(4))!)).toEqual([10, 6, 2]);
  });

  test("rand.intn is within bounds and stable for one seed within a query", () => {
    const a = call("rand.intn", v("seed"), v(10));
    expect(call("rand.intn", v("seed"), v(10))).toBe(a);
    const n = Number(toJSON(a!));
    expect(n).toBeGreaterThanOrEqual(0);
    expect(n).toBeLessThan(10);
    expect(toJSON(call("rand.intn", v("s"), v(0))!)).toBe(0);
  });
});
