/**
 * The compass `tunnel` builds along (Evennia's table): each direction's full name, the short
 * alias an exit gets besides it, and the way back. `north`, `n` and `N` all name north.
 */

export interface Direction {
  readonly name: string;
  readonly alias: string;
  /** The direction's opposite, by name. */
  readonly back: string;
}

const TABLE: readonly Direction[] = [
  { name: 'north', alias: 'n', back: 'south' },
  { name: 'south', alias: 's', back: 'north' },
  { name: 'east', alias: 'e', back: 'west' },
  { name: 'west', alias: 'w', back: 'east' },
  { name: 'northeast', alias: 'ne', back: 'southwest' },
  { name: 'southwest', alias: 'sw', back: 'northeast' },
  { name: 'northwest', alias: 'nw', back: 'southeast' },
  { name: 'southeast', alias: 'se', back: 'northwest' },
  { name: 'up', alias: 'u', back: 'down' },
  { name: 'down', alias: 'd', back: 'up' },
  { name: 'in', alias: 'i', back: 'out' },
  { name: 'out', alias: 'o', back: 'in' },
];

const BY_NAME: ReadonlyMap<string, Direction> = new Map(
  TABLE.flatMap((d) => [
    [d.name, d],
    [d.alias, d],
  ]),
);

/** The direction `word` names (full or short, any case), or undefined. */
export function direction(word: string): Direction | undefined {
  return BY_NAME.get(word.trim().toLowerCase());
}

/** The way back from `d`. */
export function opposite(d: Direction): Direction {
  return BY_NAME.get(d.back) as Direction;
}

/** `n, ne, e, se, s, sw, w, nw, u, d, i, o`: for help and usage messages. */
export const DIRECTION_ALIASES = 'n, ne, e, se, s, sw, w, nw, u, d, in (i), out (o)';
