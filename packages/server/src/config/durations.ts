/**
 * Durations in the configuration are strings such as `30s`, `5m`, `4h`, `1h30m` or `1d`: whole
 * numbers, each followed by a unit, largest unit first. A bare number is refused because its unit
 * would be a guess (seconds? milliseconds?).
 */
import { fail, ok, type Parsed } from "./parsed.js";

const MS_PER_UNIT = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof MS_PER_UNIT;
const UNITS_LARGEST_FIRST = Object.keys(MS_PER_UNIT) as Unit[];

const COMPONENT = /(\d+)(ms|d|h|m|s)/y;

export const DURATION_EXAMPLES = "e.g. 30s, 5m, 4h, 1h30m or 1d";

/** Milliseconds. */
export function parseDuration(text: string): Parsed<number> {
  const quoted = JSON.stringify(text);
  if (text.trim() === "") return fail(`must not be empty; write a duration, ${DURATION_EXAMPLES}`);
  if (text.trim().startsWith("-")) return fail(`${quoted} is negative; durations must be positive`);
  if (/^\d+$/.test(text)) return fail(`${quoted} has no unit; write ${text}s, ${text}m or ${text}h`);
  if (/\d[.,]\d/.test(text)) return fail(`${quoted}: use whole numbers, e.g. 1h30m rather than 1.5h`);

  let ms = 0;
  let previousUnitIndex = -1;
  COMPONENT.lastIndex = 0;
  while (COMPONENT.lastIndex < text.length) {
    const start = COMPONENT.lastIndex;
    const match = COMPONENT.exec(text);
    if (match === null) {
      return fail(
        `${quoted} is not a duration (unexpected ${JSON.stringify(text.slice(start))}); ${DURATION_EXAMPLES}`,
      );
    }
    const unit = match[2] as Unit;
    const unitIndex = UNITS_LARGEST_FIRST.indexOf(unit);
    if (unitIndex <= previousUnitIndex) {
      return fail(
        `${quoted} is not a duration: each unit at most once, largest first (${DURATION_EXAMPLES})`,
      );
    }
    previousUnitIndex = unitIndex;
    ms += Number(match[1]) * MS_PER_UNIT[unit];
  }
  if (!Number.isSafeInteger(ms)) return fail(`${quoted} is too long`);
  return ok(ms);
}

/** The shortest string `parseDuration` reads back as `ms` (`5400000` → `1h30m`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = ms;
  let text = "";
  for (const unit of UNITS_LARGEST_FIRST) {
    const amount = Math.floor(rest / MS_PER_UNIT[unit]);
    if (amount > 0) {
      text += `${amount}${unit}`;
      rest -= amount * MS_PER_UNIT[unit];
    }
  }
  return text;
}
