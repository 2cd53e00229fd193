import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration, parseTimeFlag } from "../src/duration.js";
import { CliError } from "../src/errors.js";

describe("parseDuration", () => {
  it.each([
    ["30m", 1800],
    ["1h", 3600],
    ["2h30m", 9000],
    ["1d", 86_400],
    ["1d2h3m4s", 93_784],
    ["90s", 90],
    [" 15m ", 900],
  ])("%s is %i seconds", (text, seconds) => {
    expect(parseDuration(text, "--duration")).toBe(seconds);
  });

  it.each(["", "1", "1x", "h", "30m1h", "-5m", "1.5h", "1 h"])(
    "rejects %j as a usage error naming the flag",
    (text) => {
      let error: unknown;
      try {
        parseDuration(text, "--duration");
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CliError);
      expect(error).toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(/^invalid --duration ".*": use a number with a unit/),
      });
    },
  );
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [45, "45s"],
    [1800, "30m"],
    [3600, "1h"],
    [9000, "2h30m"],
    [86_400, "1d"],
    [93_784, "1d2h3m4s"],
  ])("%i seconds is %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it("round-trips with parseDuration", () => {
    for (const seconds of [60, 61, 3599, 7200, 43_200, 90_061]) {
      expect(parseDuration(formatDuration(seconds), "--duration")).toBe(seconds);
    }
  });
});

describe("parseTimeFlag", () => {
  const now = new Date("2026-03-20T16:00:00.000Z");

  it("takes durations as that long ago", () => {
    expect(parseTimeFlag("24h", "--since", now)).toBe("2026-03-19T16:00:00.000Z");
    expect(parseTimeFlag("7d", "--since", now)).toBe("2026-03-13T16:00:00.000Z");
  });

  it("takes RFC 3339 times, normalised to UTC", () => {
    expect(parseTimeFlag("2026-03-20T18:00:00+02:00", "--until", now)).toBe("2026-03-20T16:00:00.000Z");
    expect(parseTimeFlag("2026-03-20T16:00:00.5Z", "--until", now)).toBe("2026-03-20T16:00:00.500Z");
  });

  it("rejects anything else", () => {
    expect(() => parseTimeFlag("yesterday", "--since", now)).toThrow(/invalid --since "yesterday"/);
    expect(() => parseTimeFlag("2026-03-20", "--since", now)).toThrow(/RFC 3339/);
  });
});
