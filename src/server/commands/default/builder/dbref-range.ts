/**
 * Database id ranges as builders type them to `find` and `destroy`: `#3-#20`, `#3-20`, and,
 * where nothing else could be meant (after `=` in `find name = 1-20`), `3-20`. A reversed
 * range is turned round, as Evennia does; ids are at most twelve digits, so a typo cannot ask
 * for a range past any real id.
 */

export interface DbrefRange {
  readonly min: number;
  readonly max: number;
}

const MARKED = /^#(\d{1,12})\s*-\s*#?(\d{1,12})$/;
const BARE = /^#?(\d{1,12})\s*-\s*#?(\d{1,12})$/;

/**
 * The range `text` names, or null when it is not one. With `bare`, `3-20` counts too (only
 * where a name cannot stand: `3-20` is otherwise the 3rd match of "20").
 */
export function parseDbrefRange(text: string, bare = false): DbrefRange | null {
  const match = (bare ? BARE : MARKED).exec(text.trim());
  if (match === null) return null;
  const a = Number(match[1]);
  const b = Number(match[2]);
  return { min: Math.min(a, b), max: Math.max(a, b) };
}

export function inRange(id: number, range: DbrefRange): boolean {
  return id >= range.min && id <= range.max;
}

export function showRange(range: DbrefRange): string {
  return `#${range.min}-#${range.max}`;
}
