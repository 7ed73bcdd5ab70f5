/**
 * This game's own code: the Server calls setup() once at start (and again after every
 * `waystone reload`, which is how code changes go live while players stay connected).
 */
import type { GameSetup } from 'waystone';
import { CmdRoll } from './commands/roll.ts';
import { chargen } from './menus/chargen.ts';
import { Bell } from './world/bell.ts';
import { bellToll, startTolling } from './world/bell-toll.ts';
import build from './world/build.ts';
import { addCat, Cat } from './world/cat.ts';
import { Lantern } from './world/lantern.ts';

export default function setup(game: GameSetup): void {
  // Logged-in players get `roll`; each account's set gets its own instance.
  game.extendCmdSet('account', (set) => set.add(new CmdRoll()));

  // Making a character step by step (menus/chargen.ts): `charcreate` with no name opens it.
  game.menus.register('chargen', chargen);

  game.helpEntries.add({
    key: 'rules',
    category: 'Game',
    text: 'Be kind. Roleplay is welcome; nobody is forced into it.',
  });

  // Every class the world's objects use, by a stable name (stored objects find it again).
  game.registerTypeclass('Bell', Bell);
  game.registerTypeclass('Cat', Cat);
  game.registerTypeclass('Lantern', Lantern);
  // Script classes too: the bell's hourly toll is a stored script that finds its class by name.
  game.registerScript('BellToll', bellToll(game.services.gameTime));
  // Prototypes builders can `spawn` (spawn/list shows them; builders keep their own with spawn/save).
  game.prototypes.register({
    prototypeKey: 'candle',
    prototypeDesc: 'A candle of some colour, burning for a while.',
    key: { $pick: ['red candle', 'white candle', 'beeswax candle'] },
    aliases: ['candle'],
    attributes: { desc: 'A candle about a hand high.', burn_minutes: { $random: [30, 90] } },
  });
  // The first start builds the world with the build file world/build.ts; later starts load it.
  // Staff bring a running game up to an edited file with `batchcode world/build.ts`.
  game.onWorldCreated(async () => void (await game.services.builds.run(build)));
  // …and sets it moving: the bell tolls the game hours, a cat wanders (stored, so once is enough).
  game.onWorldCreated(() => startTolling(game.services));
  game.onWorldCreated((limbo) => addCat(game.services, limbo).then(() => undefined));
}
