import { describe, expect, test } from "vitest";
import { RegoNumber } from "../../src/value/index.js";

const n = (t: string) => RegoNumber.fromText(t);

describe("RegoNumber arithmetic (Go big.Float at 64-bit precision)", () => {
  test.each([
    ["0.1", "+", "0.2", "0.3"],
    ["1", "/", "3", "0.33333333333333333334"],
    ["0.3", "-", "0.1", "0.20000000000000000002"],
    ["10", "/", "4", "2.5"],
    ["10", "/", "2", "5"],
    ["1.5", "*", "2", "3"],
    ["1234567", "+", "0.5", "1.2345675e+06"],
    ["0.00001", "*", "1", "1e-05"],
    ["-1", "/", "8", "-0.125"],
    ["1e30", "/", "4", "250000000000000000000000000000"],
  ])("%s %s %s = %s", (a, op, b, want) => {
    const x = n(a);
    const y = n(b);
    const r = op === "+" ? x.add(y) : op === "-" ? x.sub(y) : op === "*" ? x.mul(y) : x.div(y);
    expect(r?.toString()).toBe(want);
  });

  test("integers stay exact beyond 2^64", () => {
    const big = n("18446744073709551616"); // 2^64
    expect(big.mul(big).toString()).toBe("340282366920938463463374607431768211456");
    expect(big.add(RegoNumber.fromInt(1)).toString()).toBe("18446744073709551617");
    expect(n("9007199254740993").sub(RegoNumber.fromInt(1)).toString()).toBe("9007199254740992");
    expect(n("-18446744073709551617").rem(n("10"))?.toString()).toBe("-7");
  });

  test("division and remainder by zero are reported as undefined to the caller", () => {
    expect(n("1").div(n("0"))).toBeUndefined();
    expect(n("1.5").div(n("0.0"))).toBeUndefined();
    expect(n("7").rem(n("0"))).toBeUndefined();
    expect(() => n("1.5").rem(n("1"))).toThrow(RangeError);
  });

  test("rounding: half away from zero; floor and ceil toward the infinities", () => {
    expect([n("2.5").round(), n("-2.5").round(), n("2.4").round()].map(String)).toEqual(["3", "-3", "2"]);
    expect([n("-1.5").floor(), n("-1.5").ceil(), n("1.5").floor(), n("1.5").ceil()].map(String)).toEqual([
      "-2",
      "-1",
      "1",
      "2",
    ]);
    expect(n("-3.25").abs().toString()).toBe("3.25");
    expect(n("7").floor()).toBe(n("7"));
  });
});

describe("RegoNumber identity and text", () => {
  test("1 == 1.0 == 1e0 and they hash alike", () => {
    for (const t of ["1.0", "1e0", "10e-1", "0.1e1"]) {
      expect(n("1").equals(n(t))).toBe(true);
      expect(n(t).hash()).toBe(n("1").hash());
      expect(n(t).isInteger()).toBe(true);
    }
  });

  test("literal text is preserved; computed text is canonical", () => {
    expect(n("1.0").toString()).toBe("1.0");
    expect(n("1e3").toString()).toBe("1e3");
    expect(n("1e3").toBigInt()).toBe(1000n);
    expect(RegoNumber.fromInt(2n ** 70n).toString()).toBe("1180591620717411303424");
  });

  test("comparison is exact, even where doubles collapse", () => {
    expect(n("9007199254740993").compare(n("9007199254740992"))).toBe(1);
    expect(n("0.30000000000000000001").compare(n("0.3"))).toBe(1);
    expect(n("1e400").compare(n("1e399"))).toBe(1);
    expect(n("-0.5").compare(n("0"))).toBe(-1);
  });

  test("fromFloat formats as Go's strconv 'g' shortest", () => {
    expect(RegoNumber.fromFloat(0.1).toString()).toBe("0.1");
    expect(RegoNumber.fromFloat(1e21).toString()).toBe("1e+21");
    expect(RegoNumber.fromFloat(1.5e-7).toString()).toBe("1.5e-07");
    expect(RegoNumber.fromFloat(1e21).toBigInt()).toBe(10n ** 21n);
  });

  test("small integers are shared instances", () => {
    expect(RegoNumber.fromInt(42)).toBe(RegoNumber.fromInt(42n));
    expect(RegoNumber.fromText("42")).toBe(RegoNumber.fromInt(42));
  });

  test("malformed text is rejected", () => {
    for (const t of ["", "01", "1.", ".5", "+1", "1e", "NaN", "0x10"])
      expect(() => n(t)).toThrow(SyntaxError);
  });
});
