/**
 * The default game's world, as a build file: Limbo → a courtyard → a library to the east and a
 * bell tower above, with exits both ways and short aliases, descriptions (with colour and a
 * link, as builders write them), and a few things to pick up.
 *
 * game.ts runs it once, on the first start. Staff may run it again at any time with
 * `batchcode world/build.ts` (or see what it would change first with `batchcode/dry
 * world/build.ts`): each room and thing is found again by its build tag, each exit by its name,
 * so a second run makes nothing twice — it only changes what differs from this file, which is
 * how an edit here reaches a running game.
 */
import type { BuildWorld } from 'waystone';

export default async function build(world: BuildWorld): Promise<void> {
  // `article: 'the'`: "Ann arrives from the Courtyard." (Limbo, a name, goes without one).
  const room = (tag: string, key: string, desc: string) =>
    world.ensureRoom({ tag, key, desc, attributes: { article: 'the' } });

  const courtyard = await room(
    'demo/courtyard',
    'Courtyard',
    'A square of worn flagstones open to the sky. A library stands to the east, and stone\n' +
      'stairs climb to a bell tower. Limbo lies back to the south.',
  );
  const library = await room(
    'demo/library',
    'Library',
    'Shelves of old books run from floor to ceiling. It smells of dust and candle wax.',
  );
  // Game text is markup: `|w…|n` is bright white, and `|lc<command>|lt<text>|le` a link that
  // sends the command when clicked (MXP clients, the webclient); elsewhere just the text.
  const tower = await room(
    'demo/tower',
    'Bell Tower',
    'A narrow room at the top of the stairs. A great |ybronze bell|n hangs from the beams;\n' +
      'you could |lcring|lt|wring|n|le it.',
  );

  // Exits both ways, `name;alias…` there and back.
  await world.ensureExits(world.limbo, courtyard, 'north;n', 'south;s');
  await world.ensureExits(courtyard, library, 'east;e', 'west;w');
  await world.ensureExits(courtyard, tower, 'up;u;stairs', 'down;d');

  // A Lantern (world/lantern.ts) burns down while someone carries it.
  await world.ensureObject({
    tag: 'demo/lantern',
    key: 'brass lantern',
    typeclass: 'Lantern',
    aliases: ['lantern'],
    location: courtyard,
    desc: 'A small brass lantern with a glass chimney, polished bright.',
  });
  await world.ensureObject({
    tag: 'demo/book',
    key: 'worn book',
    aliases: ['book'],
    location: library,
    desc: 'Its cover reads "A Short History of Bells".',
  });
  await world.ensureObject({
    tag: 'demo/bell',
    key: 'bronze bell',
    typeclass: 'Bell',
    aliases: ['bell'],
    location: tower,
    desc: 'Green with age. A rope hangs from it.',
  });
}
