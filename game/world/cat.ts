/**
 * Marmalade, the courtyard cat: an NPC that acts on its own. A ticker calls `wander` every
 * minute (one timer for every object on that interval); each time the cat picks one thing to do
 * — walk through an exit (a third of its turns), strike a pose (a third), or doze — and does it
 * with `execute`, through the same commands players type, so the room sees it as it would see a
 * player do it: a line every minute or two, never a flurry.
 *
 * The cat keeps to its territory: rooms tagged `territory` (category `cat`) — the rooms
 * reachable from Limbo when the world was built, Limbo left out. A builder adds a room to it
 * with `tag <room> = territory:cat`. Put anywhere else, it walks home at its next turn.
 */
import { DefaultCharacter, type DefaultObject, type GameServices } from 'waystone';

export const TERRITORY: readonly [string, string] = ['territory', 'cat'];
/** Real seconds between the cat's turns. */
export const CAT_TURN_SECONDS = 60;

/** What the cat does to pass the time (after its name: "Marmalade stretches and yawns."). */
export const POSES = [
  'stretches and yawns.',
  'washes a paw with great care.',
  'curls up in a warm corner and purrs.',
  'stares at something nobody else can see.',
  'flicks its tail, unimpressed.',
  'sharpens its claws on the nearest post.',
];

export class Cat extends DefaultCharacter {
  /** Where its choices come from; a test gives it a seeded generator. Not stored. */
  random: () => number = Math.random;

  /** The ticker's call: one action, or none, per turn — never a flurry. */
  async wander(): Promise<void> {
    const here = this.location;
    if (here === null || !inTerritory(here)) {
      await this.#goHome();
      return;
    }
    const roll = this.random();
    if (roll < 0.35) {
      const ways = here.contents.filter(
        (exit) => exit.destination !== null && inTerritory(exit.destination),
      );
      const way = pick(ways, this.random);
      if (way !== undefined) {
        await this.execute(way.key);
        return;
      }
    }
    if (roll < 0.65) await this.execute(`pose ${pick(POSES, this.random)}`);
    // Otherwise it dozes: a quiet turn.
  }

  async #goHome(): Promise<void> {
    const home = this.home;
    if (home !== null && home !== this.location) await this.moveTo(home);
  }
}

function inTerritory(room: DefaultObject): boolean {
  return room.tags.has(TERRITORY[0], TERRITORY[1]);
}

function pick<T>(items: readonly T[], random: () => number): T | undefined {
  return items[Math.floor(random() * items.length)];
}

/**
 * A world builder (game.ts runs it once, after the rooms are built): marks the cat's territory
 * and puts the cat in its first room, on its ticker.
 */
export async function addCat(services: GameServices, limbo: DefaultObject): Promise<Cat> {
  const rooms = reachableRooms(limbo).filter((room) => room !== limbo);
  for (const room of rooms) room.tags.add(TERRITORY[0], TERRITORY[1]);
  const start = rooms.find((room) => room.key === 'Courtyard') ?? rooms[0] ?? limbo;
  const cat = await services.objects.create<Cat>({
    typeclass: 'Cat',
    key: 'Marmalade',
    aliases: ['cat'],
    location: start,
    home: start,
    attributes: {
      desc: 'A ginger cat with one torn ear and the air of owning the place.',
    },
  });
  services.tickers.add(CAT_TURN_SECONDS, cat, 'wander');
  return cat;
}

/** Every room reachable from `start` through exits, `start` first. */
function reachableRooms(start: DefaultObject): DefaultObject[] {
  const seen = new Set<DefaultObject>([start]);
  const queue = [start];
  for (let room = queue.shift(); room !== undefined; room = queue.shift()) {
    for (const exit of room.contents) {
      const to = exit.destination;
      if (to !== null && !seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return [...seen];
}
