/**
 * Close-match suggestions ("Maybe you meant 'look'?"): names within a small edit distance of
 * what was typed, or that it starts, or that start it. Used for unknown commands and help
 * topics.
 */

const CUTOFF = 0.6;

/** Up to `max` candidates close to `typed`, best first. */
export function suggestNames(typed: string, candidates: Iterable<string>, max = 3): string[] {
  const wanted = typed.toLowerCase();
  if (wanted === '') return [];
  const scored = new Map<string, number>();
  for (const candidate of candidates) {
    if (scored.has(candidate)) continue;
    const lower = candidate.toLowerCase();
    if (lower === wanted) continue;
    let score = 0;
    // `loo` → `look` (unfinished), `looking` → `look` (typed on past the name)
    if (wanted.length >= 2 && lower.startsWith(wanted)) score = 0.9;
    else if (lower.length >= 2 && wanted.startsWith(lower)) score = 0.8;
    const longer = Math.max(wanted.length, lower.length);
    // The length difference alone is a lower bound on the distance: skip hopeless names cheaply.
    if (score < CUTOFF && Math.abs(wanted.length - lower.length) <= (1 - CUTOFF) * longer) {
      score = similarity(wanted, lower);
    }
    if (score >= CUTOFF) scored.set(candidate, score);
  }
  return [...scored]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .slice(0, max)
    .map(([name]) => name);
}

/** 1 − (optimal-string-alignment distance ÷ longer length): 1 is equal, 0 nothing alike. */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - editDistance(a, b) / longer;
}

/** Levenshtein distance with adjacent transpositions (`loko`→`look` is one edit). */
export function editDistance(a: string, b: string): number {
  const n = b.length;
  // Three rolling rows: the one two back is needed for transpositions.
  let before = new Int32Array(n + 1);
  let prev = new Int32Array(n + 1);
  let row = new Int32Array(n + 1);
  for (let j = 0; j <= n; j += 1) prev[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    const caPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= n; j += 1) {
      const cb = b.charCodeAt(j - 1);
      let best = (prev[j - 1] as number) + (ca === cb ? 0 : 1);
      const del = (prev[j] as number) + 1;
      const ins = (row[j - 1] as number) + 1;
      if (del < best) best = del;
      if (ins < best) best = ins;
      if (j > 1 && ca === b.charCodeAt(j - 2) && caPrev === cb) {
        const swap = (before[j - 2] as number) + 1;
        if (swap < best) best = swap;
      }
      row[j] = best;
    }
    const spare = before;
    before = prev;
    prev = row;
    row = spare;
  }
  return prev[n] as number;
}
