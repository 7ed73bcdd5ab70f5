/**
 * This game's own code: the Server calls setup() once at start (and again after every
 * `waystone reload`, which is how code changes go live while players stay connected).
 */
import type { GameSetup } from 'waystone';
import { CmdRoll } from './commands/roll.ts';
import { Bell } from './world/bell.ts';
import { buildWorld } from './world/build.ts';

export default function setup(game: GameSetup): void {
  // Logged-in players get `roll`; each account's set gets its own instance.
  game.extendCmdSet('account', (set) => set.add(new CmdRoll()));

  game.helpEntries.add({
    key: 'rules',
    category: 'Game',
    text: 'Be kind. Roleplay is welcome; nobody is forced into it.',
  });

  // Every class the world's objects use, by a stable name (stored objects find it again).
  game.registerTypeclass('Bell', Bell);
  // The first start builds the world (world/build.ts); later starts load it.
  game.onWorldCreated((limbo) => buildWorld(game.services, limbo));
}
