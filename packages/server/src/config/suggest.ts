/**
 * The candidate the user most likely meant, for "did you mean …?" hints: the same name written
 * differently (`httpAddr`, `HTTP_ADDR` for `http_addr`), a longer form of it (`warning` for
 * `warn`), or one a couple of keystrokes away.
 */
function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const normalised = normalise(word);
  const sameName = candidates.find((candidate) => normalise(candidate) === normalised);
  if (sameName !== undefined) return sameName;
  const shorterForm = candidates.find(
    (candidate) => candidate.length >= 3 && normalised.startsWith(normalise(candidate)),
  );
  if (shorterForm !== undefined) return shorterForm;

  const budget = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `" (did you mean x?)"`, or `""` when nothing is close; `show` turns the match into what the user writes. */
export function didYouMean(
  word: string,
  candidates: readonly string[],
  show = (match: string) => match,
): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? "" : ` (did you mean ${show(match)}?)`;
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, "");
}

/** Levenshtein distance with one rolling row. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}
