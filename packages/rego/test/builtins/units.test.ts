import { describe, expect, test } from "vitest";
import { formatValue, toJSON, type Value } from "../../src/value/index.js";
import { call, failure, v } from "./call.js";

const text = (x: Value | undefined) => (x === undefined ? undefined : formatValue(x));

describe("units.parse", () => {
  test("SI and binary suffixes, exact", () => {
    expect(text(call("units.parse", v("1.5Gi")))).toBe("1610612736");
    expect(text(call("units.parse", v("2.5K")))).toBe("2500");
    expect(text(call("units.parse", v("10E")))).toBe("10000000000000000000");
    expect(text(call("units.parse", v("1e3M")))).toBe("1000000000");
    expect(text(call("units.parse", v('"12ki"')))).toBe("12288");
  });

  test("m is milli and M mega; non-integers have ten decimals", () => {
    expect(text(call("units.parse", v("250m")))).toBe("0.2500000000");
    expect(text(call("units.parse", v("1.1Ki")))).toBe("1126.4000000000");
    expect(text(call("units.parse", v("-3.5E2m")))).toBe("-0.3500000000");
    expect(text(call("units.parse", v("3M")))).toBe("3000000");
  });

  test("errors carry OPA's own prefix", () => {
    expect(failure("units.parse", v(""))).toEqual({
      code: "eval_builtin_error",
      message: "units.parse: no amount provided",
    });
    expect(failure("units.parse", v("1 K")).message).toBe(
      "units.parse: spaces not allowed in resource strings",
    );
    expect(failure("units.parse", v("1.2.3")).message).toBe(
      "units.parse: could not parse amount to a number",
    );
    expect(failure("units.parse", v("5Kb")).message).toBe("units.parse: unit Kb not recognized");
    expect(failure("units.parse", v("1e1234567K")).message).toBe("units.parse: exponent too large");
    expect(failure("units.parse", v(1)).message).toBe("operand 1 must be string but got number");
  });
});

describe("units.parse_bytes", () => {
  test("byte units, case-insensitive; 64-bit floats truncated to an integer", () => {
    expect(toJSON(call("units.parse_bytes", v("1.5KiB"))!)).toBe(1536);
    expect(toJSON(call("units.parse_bytes", v("1.1kib"))!)).toBe(1126);
    expect(toJSON(call("units.parse_bytes", v("1.1KB"))!)).toBe(1100);
    expect(toJSON(call("units.parse_bytes", v(".5mb"))!)).toBe(500000);
    expect(text(call("units.parse_bytes", v("16EiB")))).toBe("18446744073709551616");
    expect(text(call("units.parse_bytes", v("5E")))).toBe("5000000000000000000");
  });

  test("errors", () => {
    expect(failure("units.parse_bytes", v("GB")).message).toBe("units.parse_bytes: no byte amount provided");
    expect(failure("units.parse_bytes", v("12 mb")).message).toBe(
      "units.parse_bytes: spaces not allowed in resource strings",
    );
    expect(failure("units.parse_bytes", v("5foo")).message).toBe(
      "units.parse_bytes: byte unit foo not recognized",
    );
    expect(failure("units.parse_bytes", v("..5")).message).toBe(
      "units.parse_bytes: could not parse byte amount to a number",
    );
  });
});
