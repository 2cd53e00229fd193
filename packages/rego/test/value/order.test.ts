import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  compareValues,
  fromJSON,
  hashValue,
  RegoNumber,
  RegoObject,
  RegoSet,
  toJSON,
  type Value,
  valuesEqual,
} from "../../src/value/index.js";

const num = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map((i) => RegoNumber.fromInt(i)),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((i) => RegoNumber.fromInt(i)),
  fc
    .tuple(fc.integer({ min: -50, max: 50 }), fc.nat(3))
    .map(([i, d]) => RegoNumber.fromText(`${i}.${"0".repeat(d)}5`)),
  fc.integer({ min: -5, max: 5 }).map((i) => RegoNumber.fromText(`${i}.0`)),
);

const { value } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.string({ maxLength: 4 }),
    num,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(tie("value"), { maxLength: 4 }).map((vs) => RegoSet.from(vs)),
    fc.array(fc.tuple(tie("value"), tie("value")), { maxLength: 4 }).map((es) => RegoObject.fromEntries(es)),
  ),
}));

const sign = (x: number) => Math.sign(x);

describe("OPA's total order", () => {
  test("kinds order null < boolean < number < string < array < object < set", () => {
    const vs: Value[] = [
      null,
      false,
      true,
      RegoNumber.fromInt(-1),
      "",
      "a",
      [],
      new RegoObject(),
      new RegoSet(),
    ];
    for (let i = 0; i + 1 < vs.length; i++) expect(compareValues(vs[i]!, vs[i + 1]!)).toBe(-1);
  });

  test("strings order by UTF-8 bytes, not UTF-16 units", () => {
    expect(compareValues("\u{ff61}", "\u{1f600}")).toBe(-1);
    expect(compareValues("a", "ab")).toBe(-1);
  });

  test("objects compare by sorted keys then values; sets by sorted members", () => {
    const a = fromJSON({ a: 1, b: 2 });
    const b = fromJSON({ a: 1, c: 0 });
    expect(compareValues(a, b)).toBe(-1);
    expect(
      compareValues(
        RegoSet.of(RegoNumber.fromInt(1), RegoNumber.fromInt(3)),
        RegoSet.of(RegoNumber.fromInt(2)),
      ),
    ).toBe(-1);
  });

  test("antisymmetric and transitive (a total order)", () => {
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        expect(sign(compareValues(a, b)) + sign(compareValues(b, a))).toBe(0);
        if (compareValues(a, b) <= 0 && compareValues(b, c) <= 0)
          expect(compareValues(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });

  test("compare, equality and hash agree", () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const eq = valuesEqual(a, b);
        expect(eq).toBe(compareValues(a, b) === 0);
        if (eq) expect(hashValue(a)).toBe(hashValue(b));
      }),
      { numRuns: 500 },
    );
  });

  test("a value equals a structural copy of itself", () => {
    fc.assert(
      fc.property(value, (a) => {
        expect(valuesEqual(a, copy(a))).toBe(true);
        expect(hashValue(copy(a))).toBe(hashValue(a));
      }),
      { numRuns: 300 },
    );
  });
});

function copy(v: Value): Value {
  if (Array.isArray(v)) return v.map(copy);
  if (v instanceof RegoSet) return RegoSet.from([...v].reverse().map(copy));
  if (v instanceof RegoObject)
    return RegoObject.fromEntries([...v].reverse().map(([k, x]) => [copy(k), copy(x)] as const));
  if (v instanceof RegoNumber) return RegoNumber.fromText(v.toString());
  return v;
}

describe("JSON round trip", () => {
  test("plain JSON values survive fromJSON/toJSON, big integers exactly", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (j) => {
        const normal = JSON.parse(JSON.stringify(j));
        expect(toJSON(fromJSON(normal))).toEqual(normal);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 100n), max: 2n ** 100n }), (i) => {
        const back = toJSON(fromJSON({ n: i })) as { n: number | bigint };
        expect(BigInt(back.n)).toBe(i);
      }),
    );
  });
});
