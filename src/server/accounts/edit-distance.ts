/**
 * Levenshtein distance with an upper bound, for "is this password too close to the name".
 * Bounded so a long password costs O(n·bound) rather than O(n·m), and stops early once the
 * distance is known to exceed the bound.
 */

/** The edit distance between `a` and `b` if it is at most `bound`, else `bound + 1`. */
export function boundedEditDistance(a: string, b: string, bound: number): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > bound) return bound + 1;
  const over = bound + 1;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = new Array<number>(y.length + 1).fill(over);
    current[0] = i;
    // Only cells within `bound` of the diagonal can hold a distance <= bound.
    const from = Math.max(1, i - bound);
    const to = Math.min(y.length, i + bound);
    let rowMin = i;
    for (let j = from; j <= to; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? over) + 1,
        (current[j - 1] ?? over) + 1,
        (previous[j - 1] ?? over) + cost,
      );
      const cell = Math.min(value, over);
      current[j] = cell;
      rowMin = Math.min(rowMin, cell);
    }
    if (rowMin > bound) return over;
    previous = current;
  }
  return Math.min(previous[y.length] ?? over, over);
}
