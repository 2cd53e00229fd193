/** Exponential backoff with ±20% jitter: 1 s, 2 s, 4 s, … capped at 60 s. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
