/**
 * The default game's world, built once on the first start (game.ts hands it to
 * `onWorldCreated`): Limbo → a courtyard → a library to the east and a bell tower above, with
 * exits both ways and short aliases, descriptions (with colour and a link, as builders write
 * them), and a few things to pick up. Later starts load what this made; change the world
 * afterwards with the building commands.
 */
import type { DefaultObject, GameServices } from 'waystone';

interface Way {
  from: DefaultObject;
  to: DefaultObject;
  /** `name;alias…` there, and back. */
  there: string;
  back: string;
}

export async function buildWorld(services: GameServices, limbo: DefaultObject): Promise<void> {
  const { objects } = services;
  // `article: 'the'`: "Ann arrives from the Courtyard." (Limbo, a name, goes without one).
  const room = (key: string, desc: string) =>
    objects.create({ typeclass: 'DefaultRoom', key, attributes: { desc, article: 'the' } });
  const thing = (key: string, aliases: string[], location: DefaultObject, desc: string) =>
    objects.create({ typeclass: 'DefaultObject', key, aliases, location, attributes: { desc } });

  const courtyard = await room(
    'Courtyard',
    'A square of worn flagstones open to the sky. A library stands to the east, and stone\n' +
      'stairs climb to a bell tower. Limbo lies back to the south.',
  );
  const library = await room(
    'Library',
    'Shelves of old books run from floor to ceiling. It smells of dust and candle wax.',
  );
  // Game text is markup: `|w…|n` is bright white, and `|lc<command>|lt<text>|le` a link that
  // sends the command when clicked (MXP clients, the webclient); elsewhere just the text.
  const tower = await room(
    'Bell Tower',
    'A narrow room at the top of the stairs. A great |ybronze bell|n hangs from the beams;\n' +
      'you could |lcring|lt|wring|n|le it.',
  );

  const ways: Way[] = [
    { from: limbo, to: courtyard, there: 'north;n', back: 'south;s' },
    { from: courtyard, to: library, there: 'east;e', back: 'west;w' },
    { from: courtyard, to: tower, there: 'up;u;stairs', back: 'down;d' },
  ];
  for (const way of ways) {
    await exit(services, way.from, way.to, way.there);
    await exit(services, way.to, way.from, way.back);
  }

  // A Lantern (world/lantern.ts) burns down while someone carries it.
  await objects.create({
    typeclass: 'Lantern',
    key: 'brass lantern',
    aliases: ['lantern'],
    location: courtyard,
    attributes: { desc: 'A small brass lantern with a glass chimney, polished bright.' },
  });
  await thing('worn book', ['book'], library, 'Its cover reads "A Short History of Bells".');
  await objects.create({
    typeclass: 'Bell',
    key: 'bronze bell',
    aliases: ['bell'],
    location: tower,
    attributes: { desc: 'Green with age. A rope hangs from it.' },
  });
}

async function exit(
  services: GameServices,
  from: DefaultObject,
  to: DefaultObject,
  spec: string,
): Promise<void> {
  const [key = '', ...aliases] = spec.split(';');
  await services.objects.create({
    typeclass: 'DefaultExit',
    key,
    aliases,
    location: from,
    destination: to,
  });
}
