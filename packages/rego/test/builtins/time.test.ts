import { describe, expect, it } from "vitest";
import { RegoNumber } from "../../src/value/index.js";
import { plainCalls, testContext } from "./call.js";

const NOW = 1_700_000_000_123_456_789n;
const { call, failure } = plainCalls(testContext({ nowNs: () => NOW }));

const n = (x: number | bigint | string) =>
  typeof x === "string" ? RegoNumber.fromText(x) : RegoNumber.fromInt(x);
const RFC3339 = "2006-01-02T15:04:05Z07:00";

describe("time.now_ns", () => {
  it("returns the query's fixed clock exactly", () => {
    expect(call("time.now_ns")).toBe(NOW);
  });
});

describe("time.parse_ns / time.parse_rfc3339_ns", () => {
  it("parses Go reference layouts and named layouts", () => {
    expect(call("time.parse_ns", RFC3339, "2017-06-02T19:00:00-07:00")).toBe(1496455200000000000n);
    expect(call("time.parse_ns", "01/02 03:04:05PM '06 -0700", "06/02 07:00:00PM '17 -0700")).toBe(
      1496455200000000000n,
    );
    expect(call("time.parse_ns", "RFC822Z", "02 Jun 17 19:00 -0700")).toBe(1496455200000000000n);
    expect(call("time.parse_ns", "RFC1123", "Fri, 02 Jun 2017 19:00:00 UTC")).toBe(1496430000000000000n);
    expect(call("time.parse_ns", "2006-01-02", "2020-02-29")).toBe(1582934400000000000n);
    expect(call("time.parse_ns", "Jan _2 2006 3:04pm", "Feb  3 2021 1:05am")).toBe(1612314300000000000n);
  });

  it("keeps nanoseconds exact at both ends of the int64 range", () => {
    expect(call("time.parse_rfc3339_ns", "1677-09-21T00:12:43.145224192-00:00")).toBe(-9223372036854775808n);
    expect(call("time.parse_rfc3339_ns", "2262-04-11T23:47:16.854775807-00:00")).toBe(9223372036854775807n);
    expect(call("time.parse_rfc3339_ns", "1970-01-01T00:00:00.5Z")).toBe(500000000n);
  });

  it("parses RFC 3339 on its fast path exactly as the general layout parser does", () => {
    const general = "2006-01-02T15:04:05.000000000Z07:00";
    for (const v of [
      "2017-06-02T19:00:00.123456789+05:30",
      "2020-02-29T23:59:59.000000001-00:00",
      "1999-12-31T00:00:00.000000000Z",
    ]) {
      expect(call("time.parse_rfc3339_ns", v)).toBe(call("time.parse_ns", general, v));
    }
    expect(call("time.parse_rfc3339_ns", "2017-06-02T19:00:00,5Z")).toBe(1496430000500000000n);
  });

  it("rejects instants outside the int64 nanosecond range", () => {
    expect(failure("time.parse_rfc3339_ns", "2262-04-11T23:47:16.854775808-00:00")).toEqual({
      code: "eval_builtin_error",
      message: "time outside of valid range",
    });
    expect(failure("time.parse_ns", RFC3339, "1677-09-21T00:12:43.145224191-00:00").message).toBe(
      "time outside of valid range",
    );
  });

  it("reports Go's parse errors", () => {
    expect(failure("time.parse_ns", RFC3339, "bad").message).toBe(
      'parsing time "bad" as "2006-01-02T15:04:05Z07:00": cannot parse "bad" as "2006"',
    );
    expect(failure("time.parse_rfc3339_ns", "2017-02-30T19:00:00Z").message).toBe(
      'parsing time "2017-02-30T19:00:00Z": day out of range',
    );
    expect(failure("time.parse_rfc3339_ns", "2017-13-02T19:00:00Z").message).toBe(
      'parsing time "2017-13-02T19:00:00Z": month out of range',
    );
    expect(failure("time.parse_ns", "2006-01-02", "2020-02-02x").message).toBe(
      'parsing time "2020-02-02x": extra text: "x"',
    );
  });

  it("raises type errors for non-string operands", () => {
    expect(failure("time.parse_ns", RFC3339, n(1))).toEqual({
      code: "eval_type_error",
      message: "operand 2 must be string but got number",
    });
  });
});

describe("time.parse_duration_ns", () => {
  it("parses Go duration syntax with fractions and every unit", () => {
    expect(call("time.parse_duration_ns", "100ms")).toBe(100000000n);
    expect(call("time.parse_duration_ns", "1h30m")).toBe(5400000000000n);
    expect(call("time.parse_duration_ns", "1.5h")).toBe(5400000000000n);
    expect(call("time.parse_duration_ns", "-1.5us")).toBe(-1500n);
    expect(call("time.parse_duration_ns", "3µs")).toBe(3000n);
    expect(call("time.parse_duration_ns", "2h45m10.5s")).toBe(9910500000000n);
    expect(call("time.parse_duration_ns", "0")).toBe(0n);
    expect(call("time.parse_duration_ns", "1d2h")).toBe(93600000000000n);
    expect(call("time.parse_duration_ns", "1w")).toBe(604800000000000n);
    expect(call("time.parse_duration_ns", "1y")).toBe(31536000000000000n);
    expect(call("time.parse_duration_ns", "-9223372036854775808ns")).toBe(-9223372036854775808n);
  });

  it("rejects bad durations with Go's messages", () => {
    expect(failure("time.parse_duration_ns", "1").message).toBe('time: missing unit in duration "1"');
    expect(failure("time.parse_duration_ns", "1x").message).toBe('time: unknown unit "x" in duration "1x"');
    expect(failure("time.parse_duration_ns", "").message).toBe('time: invalid duration ""');
    expect(failure("time.parse_duration_ns", "9223372036854775808ns").message).toBe(
      'time: invalid duration "9223372036854775808ns"',
    );
  });
});

describe("time.format", () => {
  const t = n(1670006453141828752n);

  it("formats RFC3339Nano in UTC by default", () => {
    expect(call("time.format", t)).toBe("2022-12-02T18:40:53.141828752Z");
  });

  it("formats in an IANA zone, with a layout or a named layout", () => {
    expect(call("time.format", [t, "Asia/Kolkata"])).toBe("2022-12-03T00:10:53.141828752+05:30");
    expect(call("time.format", [t, "Asia/Kolkata", "Mon Jan 02 15:04:05 -0700 2006"])).toBe(
      "Sat Dec 03 00:10:53 +0530 2022",
    );
    expect(call("time.format", [t, "Asia/Kolkata", "RFC1123Z"])).toBe("Sat, 03 Dec 2022 00:10:53 +0530");
    expect(call("time.format", [t, "America/New_York", "RFC1123"])).toBe("Fri, 02 Dec 2022 13:40:53 EST");
    expect(call("time.format", [t, "UTC", "3:04PM .000 Monday January 2 __2"])).toBe(
      "6:40PM .141 Friday December 2 336",
    );
  });

  it("rejects timestamps that are not int64 integers and unknown zones", () => {
    expect(failure("time.format", n("1.58297760e25"))).toEqual({
      code: "eval_builtin_error",
      message: "timestamp too big",
    });
    expect(failure("time.format", [t, "Mars/Olympus"]).message).toBe("unknown time zone Mars/Olympus");
    expect(failure("time.format", "x")).toEqual({
      code: "eval_type_error",
      message: "operand 1 must be either number (ns) or [number (ns), string (tz)] but got string",
    });
  });
});

describe("time.date / time.clock / time.weekday", () => {
  it("reads the wall clock in UTC or a zone", () => {
    expect(call("time.date", n(1517814000000000000n))).toEqual([2018n, 2n, 5n]);
    expect(call("time.date", [n(1517814000000000000n), "America/Los_Angeles"])).toEqual([2018n, 2n, 4n]);
    expect(call("time.date", n(1582977600000000000n))).toEqual([2020n, 2n, 29n]);
    expect(call("time.clock", [n(1517832000000000000n), "America/New_York"])).toEqual([7n, 0n, 0n]);
    expect(call("time.clock", n(-1))).toEqual([23n, 59n, 59n]);
    expect(call("time.weekday", n(1517832000000000000n))).toBe("Monday");
    expect(call("time.weekday", n(1518350400000000000n))).toBe("Sunday");
  });

  it("rejects timestamps beyond int64", () => {
    expect(failure("time.weekday", n(1582977600000000000000n)).message).toBe("timestamp too big");
  });
});

describe("time.add_date", () => {
  it("normalises like Go's AddDate", () => {
    expect(call("time.add_date", n(1585852421593912000n), n(3), n(9), n(12))).toBe(1705257221593912000n);
    expect(call("time.add_date", n(1585852421593912000n), n(-1), n(-1), n(-1))).toBe(1551465221593912000n);
    // 2021-01-31 + 1 month = 2021-03-03
    expect(call("time.add_date", n(1612051200000000000n), n(0), n(1), n(0))).toBe(1614729600000000000n);
  });

  it("keeps the wall clock across a DST change in the zone", () => {
    // 2021-03-13T12:00 in New York (EST) + 1 day = 2021-03-14T12:00 EDT, 23 hours later.
    const before = 1615654800000000000n;
    expect(call("time.add_date", [n(before), "America/New_York"], n(0), n(0), n(1))).toBe(
      before + 23n * 3600n * 10n ** 9n,
    );
  });

  it("rejects results outside the int64 range and non-integer operands", () => {
    expect(failure("time.add_date", n(0), n(2262), n(1), n(1)).message).toBe("time outside of valid range");
    expect(failure("time.add_date", n(-9223372036854775808n), n(0), n(0), n(-1)).message).toBe(
      "time outside of valid range",
    );
    expect(failure("time.add_date", n(0), n("1.5"), n(0), n(0))).toEqual({
      code: "eval_type_error",
      message: "operand 2 must be integer number but got floating-point number",
    });
  });
});

describe("time.diff", () => {
  const day = (s: string) => call("time.parse_ns", "2006-01-02", s) as bigint;
  it("computes calendar differences in either order", () => {
    expect(call("time.diff", n(day("2020-02-02")), n(day("2020-03-01")))).toEqual([0n, 0n, 28n, 0n, 0n, 0n]);
    expect(call("time.diff", n(day("2021-03-01")), n(day("2021-02-02")))).toEqual([0n, 0n, 27n, 0n, 0n, 0n]);
    expect(call("time.diff", n(day("2004-02-29")), n(day("2005-03-01")))).toEqual([1n, 0n, 1n, 0n, 0n, 0n]);
    expect(call("time.diff", n(NOW + 61_000_000_000n), n(NOW))).toEqual([0n, 0n, 0n, 0n, 1n, 1n]);
  });

  it("reads both instants in the first operand's zone", () => {
    expect(call("time.diff", [n(NOW + 60_000_000_000n), "UTC"], [n(NOW), "Asia/Shanghai"])).toEqual([
      0n,
      0n,
      0n,
      0n,
      1n,
      0n,
    ]);
  });
});
