/**
 * The shapes of the out-of-band data an object gives MUD clients about its puppet: the room it
 * stands in (GMCP `Room.Info`) and its vitals (GMCP `Char.Vitals`). The object hooks that make
 * them are `getRoomInfo(looker)` (rooms; room-info.ts builds the default) and `getVitals()`
 * (null by default); the Server sends them (src/server/puppeting/puppet-oob.ts). Kept apart from
 * object.ts so that the builder can import these types without closing a circle.
 *
 * The field names follow the IRE/Mudlet mapper convention that Mudlet's generic mapper script
 * and most GMCP mapping packages read.
 */

/**
 * `Room.Info {"num": 12, "name": "Courtyard", "area": "Town", "exits": {"n": 13, "d": 9}}`:
 * the room's id, its name and area as plain text, an optional environment (terrain, for a
 * mapper's colours), and where each exit leads, by direction (`n`, `ne`, `u`, `in` …; other
 * exits by their name). A game may add fields of its own (`coords`, `details`).
 */
export interface RoomInfo {
  num: number;
  name: string;
  area: string;
  environment?: string;
  exits: Record<string, number>;
  [extra: string]: unknown;
}

/**
 * `Char.Vitals {"hp": 50, "maxhp": 100, "mp": "12"}`: whatever gauges the game has. IRE games
 * send every value as a string and Mudlet scripts read them with `tonumber()`, so numbers and
 * strings both work.
 */
export type Vitals = Record<string, string | number>;
