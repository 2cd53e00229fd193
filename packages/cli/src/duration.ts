/** Durations as users type them (`30m`, `1h`, `2h30m`, `1d`) and as the CLI prints them. */
import { usageError } from "./errors.js";

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Seconds in `text`, e.g. `2h30m` → 9000. Throws a usage error naming `flag` otherwise. */
export function parseDuration(text: string, flag: string): number {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === "") {
    throw usageError(`invalid ${flag} "${text}": use a number with a unit, like 30m, 1h, 2h30m or 1d`);
  }
  const [, d, h, m, s] = match.map((part) => Number(part ?? 0));
  return d * UNIT_SECONDS.d + h * UNIT_SECONDS.h + m * UNIT_SECONDS.m + s;
}

/** `9000` → `2h30m`, `86400` → `1d`, `45` → `45s`, `0` → `0s`. */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.max(0, Math.round(totalSeconds));
  let text = "";
  for (const [unit, size] of Object.entries(UNIT_SECONDS)) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) text += `${count}${unit}`;
  }
  return text === "" ? "0s" : text;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * A point in time for `--since`/`--until`: an RFC 3339 time, or a duration meaning that long ago
 * (`24h`, `7d`). Returned as RFC 3339 UTC.
 */
export function parseTimeFlag(text: string, flag: string, now: Date = new Date()): string {
  if (RFC3339.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  } else if (DURATION.test(text) && text !== "") {
    return new Date(now.getTime() - parseDuration(text, flag) * 1000).toISOString();
  }
  throw usageError(
    `invalid ${flag} "${text}": use a duration ago (24h, 7d) or an RFC 3339 time (2026-03-20T16:00:00Z)`,
  );
}
