/**
 * The default GMCP `Room.Info` record of a room (what `DefaultRoom.getRoomInfo` returns), in the
 * IRE/Mudlet mapper convention (client-data.ts):
 *
 * - `num`: the room's id; `name`: its key as plain text (markup and control characters gone);
 * - `area`: the room's `area` attribute (`room.db.area = 'Town'`), else its first tag of
 *   category `area` (`room.tags.add('Town', 'area')`), else '';
 * - `environment`: the room's `environment` attribute, only when it is a non-empty string;
 * - `exits`: every exit in the room the looker may `view` and that leads somewhere, keyed by
 *   its direction in short form when its key or one of its aliases names one (`north`/`n` →
 *   `n`, `up` → `u`, `in`, `out`), else by its key; the first exit of a direction wins.
 */
import { stripMarkup } from '../../shared/markup/plain.ts';
import type { RoomInfo } from './client-data.ts';
import type { DefaultObject } from './object.ts';

/**
 * Direction names and their short forms → the short form mappers key exits by. A Map: a lookup
 * of a builder's exit name (`__proto__`, `constructor`) must never find an inherited property.
 */
const DIRECTIONS: ReadonlyMap<string, string> = new Map([
  ...(['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw', 'u', 'd', 'in', 'out'] as const).map(
    (short) => [short, short] as const,
  ),
  ['north', 'n'],
  ['northeast', 'ne'],
  ['east', 'e'],
  ['southeast', 'se'],
  ['south', 's'],
  ['southwest', 'sw'],
  ['west', 'w'],
  ['northwest', 'nw'],
  ['up', 'u'],
  ['down', 'd'],
]);

/** The short direction a name stands for (`North` → `n`, `u` → `u`), or null. */
export function shortDirection(name: string): string | null {
  return DIRECTIONS.get(name.trim().toLowerCase()) ?? null;
}

/** How an exit is keyed in `exits`: the first of its key and aliases that is a direction, else its key. */
export function exitDirection(exit: DefaultObject): string {
  for (const name of [exit.key, ...exit.aliases.all()]) {
    const short = shortDirection(name);
    if (short !== null) return short;
  }
  return plainText(exit.key);
}

/** The room's area: its `area` attribute, else its first tag of category `area`, else ''. */
export function roomArea(room: DefaultObject): string {
  const attr = room.db.area;
  if (typeof attr === 'string' && attr.trim() !== '') return plainText(attr);
  const tag = room.tags.all('area')[0];
  return tag === undefined ? '' : plainText(tag);
}

/** Builder text as a client shows it in a map: no markup, no control characters, one line. */
export function plainText(text: string): string {
  return (
    stripMarkup(text)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The `Room.Info` record of `room` as `looker` (the puppet standing in it) sees it. */
export function buildRoomInfo(room: DefaultObject, looker: DefaultObject): RoomInfo {
  // A Map, not an object literal: an exit a builder named `__proto__` is an exit like any other.
  const exits = new Map<string, number>();
  for (const obj of room.contents) {
    const target = obj.destination;
    if (target === null || obj === looker) continue;
    if (!obj.locks.check(looker, 'view', true)) continue;
    const direction = exitDirection(obj);
    if (direction !== '' && !exits.has(direction)) exits.set(direction, target.id);
  }
  const info: RoomInfo = {
    num: room.id,
    name: plainText(room.key),
    area: roomArea(room),
    exits: Object.fromEntries(exits),
  };
  const environment = room.db.environment;
  if (typeof environment === 'string' && environment.trim() !== '')
    info.environment = plainText(environment);
  return info;
}
