import { describe, expect, test } from "vitest";
import {
  formatValue,
  fromJSON,
  RegoNumber,
  RegoObject,
  RegoSet,
  toJSON,
  toJSONText,
} from "../../src/value/index.js";

const n = (i: number) => RegoNumber.fromInt(i);

describe("formatValue (Rego text)", () => {
  test("sets, objects and strings as OPA prints them", () => {
    expect(formatValue(RegoSet.of(n(2), n(1)))).toBe("{1, 2}");
    expect(formatValue(new RegoSet())).toBe("set()");
    expect(formatValue(fromJSON({ b: [1, "x"], a: null }))).toBe('{"a": null, "b": [1, "x"]}');
    expect(formatValue('tab\there "q" é')).toBe('"tab\\there \\"q\\" é"');
    expect(formatValue("\u0001")).toBe('"\\x01"');
  });
});

describe("toJSONText (Go encoding/json)", () => {
  test("sorted keys, no spaces, HTML characters escaped, numbers verbatim", () => {
    const v = fromJSON({ b: "<a&b>", a: [true, null] });
    expect(toJSONText(v)).toBe('{"a":[true,null],"b":"\\u003ca\\u0026b\\u003e"}');
    expect(toJSONText(RegoNumber.fromText("1.0"))).toBe("1.0");
    expect(toJSONText(RegoSet.of("b", "a"))).toBe('["a","b"]');
    expect(toJSONText("\b\f\n\u0000")).toBe('"\\b\\f\\n\\u0000"');
  });

  test("non-string keys render as compact JSON", () => {
    const o = RegoObject.fromEntries([
      [[n(1), "a"], "x"],
      [n(2), "y"],
    ]);
    expect(toJSONText(o)).toBe('{"2":"y","[1,\\"a\\"]":"x"}');
    expect(toJSON(o)).toEqual({ 2: "y", '[1,"a"]': "x" });
  });
});

describe("fromJSON / toJSON", () => {
  test("big integers stay exact and sets become sorted arrays", () => {
    const big = 2n ** 70n + 1n;
    expect(toJSON(fromJSON({ n: big }))).toEqual({ n: big });
    expect(toJSON(RegoSet.of(n(3), n(1), RegoNumber.fromText("1.0")))).toEqual([1, 3]);
  });

  test("__proto__ keys are data, not prototypes", () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}');
    const out = toJSON(fromJSON(parsed)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__"]);
  });

  test("rejects values JSON cannot hold", () => {
    expect(() => fromJSON(undefined)).toThrow(TypeError);
    expect(() => fromJSON(new Date())).toThrow(/Date/);
    expect(() => fromJSON(Number.NaN)).toThrow(RangeError);
  });
});
