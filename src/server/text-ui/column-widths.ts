/**
 * How wide each column of a table is. Every column starts as wide as its widest cell (within
 * its own `minWidth`/`maxWidth`); when the whole is wider than the room there is, the columns
 * give up the difference in proportion to what each can give:
 *
 *   1. first what lies beyond each column's floor — its longest word (or its `minWidth`), so
 *      words stay whole while they can — in proportion to that excess;
 *   2. if the floors alone are too wide, the floors themselves, in proportion to their size:
 *      then long words are broken, and no column is narrower than one.
 *
 * Whole columns come out (the remainder goes to the largest fractions, earlier columns first
 * on ties), and the widths add up to exactly the room given whenever shrinking was needed.
 */

export interface ColumnNeeds {
  /** The widest cell, in columns (the header included when it is shown). */
  readonly natural: number;
  /** The longest word of any cell: below this, words must be broken. */
  readonly longestWord: number;
  readonly minWidth?: number | undefined;
  readonly maxWidth?: number | undefined;
}

/** Shares of `total` in proportion to `weights`, whole numbers that add up to `total`. */
export function proportional(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = (shares[i] as number) + 1;
    left--;
  }
  return shares;
}

function clampNatural(c: ColumnNeeds): number {
  let w = c.natural;
  if (c.maxWidth !== undefined) w = Math.min(w, c.maxWidth);
  if (c.minWidth !== undefined) w = Math.max(w, c.minWidth);
  return Math.max(1, w);
}

/**
 * The width of each column so that they add up to at most `room` (when given and when it can
 * be done with one column each at least).
 */
export function columnWidths(columns: readonly ColumnNeeds[], room?: number): number[] {
  const natural = columns.map(clampNatural);
  const total = natural.reduce((a, b) => a + b, 0);
  if (room === undefined || total <= room) return natural;
  const space = Math.max(columns.length, Math.floor(room));
  const floors = columns.map((c, i) =>
    Math.min(natural[i] as number, Math.max(1, c.minWidth ?? 0, c.longestWord)),
  );
  const floorSum = floors.reduce((a, b) => a + b, 0);
  if (floorSum >= space) {
    // Words must break: the floors shrink in proportion, each column keeping one at least.
    const extra = space - columns.length;
    return proportional(
      extra,
      floors.map((f) => f - 1),
    ).map((share) => 1 + share);
  }
  const give = proportional(
    space - floorSum,
    natural.map((n, i) => n - (floors[i] as number)),
  );
  return floors.map((f, i) => f + (give[i] as number));
}
