/** How times and remaining durations appear in human output. */
import { formatDuration } from "../duration.js";

/** RFC 3339 UTC to the second (`2026-03-20T18:00:00Z`), or `-` when unset. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "-";
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `in 29m` / `5m ago` relative to now. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const seconds = Math.round((Date.parse(iso) - now.getTime()) / 1000);
  return seconds >= 0 ? `in ${formatDuration(seconds)}` : `${formatDuration(-seconds)} ago`;
}
