/**
 * The default GMCP Room.Info record (room-info.ts) on real objects: exits keyed by short
 * direction from their key or aliases, other exits by name, hidden and dead-end exits left out,
 * markup and control characters stripped, the area from an attribute or a tag, and a game's
 * override of the hook.
 */
import { describe, expect, it } from 'vitest';
import { useBackend } from '../storage/test-support.ts';
import { DefaultCharacter } from './character.ts';
import type { RoomInfo } from './client-data.ts';
import { DefaultExit } from './exit.ts';
import type { DefaultObject } from './object.ts';
import { DefaultRoom } from './room.ts';
import { exitDirection, plainText, shortDirection } from './room-info.ts';
import { objectManager } from './test-support.ts';
import { TypeclassRegistry } from './typeclass-registry.ts';

const backend = useBackend('sqlite');

/** A game's room that adds IRE's `coords` and renames the area. */
class GridRoom extends DefaultRoom {
  override getRoomInfo(looker: DefaultObject): RoomInfo | null {
    const info = super.getRoomInfo(looker);
    return info && { ...info, area: `Grid ${info.area}`, coords: '1,2,0' };
  }
}

async function world() {
  const objects = objectManager(await backend.open(), {
    typeclasses: new TypeclassRegistry().register('GridRoom', GridRoom),
  });
  const room = (key: string) => objects.create({ typeclass: DefaultRoom, key });
  const hall = await room('|rGreat|n Hall\x1b[31m\nof  Kings');
  const yard = await room('Yard');
  const cellar = await room('Cellar');
  const tower = await room('Tower');
  const exit = (key: string, to: DefaultObject | null, aliases: string[] = [], locks?: string) =>
    objects.create({
      typeclass: DefaultExit,
      key,
      aliases,
      location: hall,
      destination: to,
      ...(locks === undefined ? {} : { locks }),
    });
  const ann = await objects.create({ typeclass: DefaultCharacter, key: 'Ann', location: hall });
  return { objects, hall, yard, cellar, tower, exit, ann };
}

describe('directions', () => {
  it('short forms for the standard names and their abbreviations, any case', () => {
    expect(shortDirection('North')).toBe('n');
    expect(shortDirection('northeast')).toBe('ne');
    expect(shortDirection(' SW ')).toBe('sw');
    expect(shortDirection('up')).toBe('u');
    expect(shortDirection('d')).toBe('d');
    expect(shortDirection('in')).toBe('in');
    expect(shortDirection('out')).toBe('out');
    expect(shortDirection('stairs')).toBeNull();
    expect(shortDirection('')).toBeNull();
    expect(shortDirection('constructor')).toBeNull();
    expect(shortDirection('__proto__')).toBeNull();
  });

  it('plain text: markup, escape codes and line breaks gone, spaces collapsed', () => {
    expect(plainText('|rGreat|n Hall\x1b[31m\nof  Kings\x07')).toBe('Great Hall of Kings');
    expect(plainText('a || b')).toBe('a | b');
  });
});

describe('the Room.Info record', () => {
  it('keys exits by direction from the key or an alias, others by their name', async () => {
    const w = await world();
    const north = await w.exit('north', w.yard, ['n']);
    const stairs = await w.exit('stairs', w.tower, ['u', 'climb']);
    const trapdoor = await w.exit('|gtrapdoor|n', w.cellar);
    const portal = await w.exit('Out', w.yard);
    expect(exitDirection(north)).toBe('n');
    expect(exitDirection(stairs)).toBe('u');
    expect(exitDirection(trapdoor)).toBe('trapdoor');
    expect(exitDirection(portal)).toBe('out');
    expect(w.hall.getRoomInfo(w.ann)).toEqual({
      num: w.hall.id,
      name: 'Great Hall of Kings',
      area: '',
      exits: { n: w.yard.id, u: w.tower.id, trapdoor: w.cellar.id, out: w.yard.id },
    });
  });

  it('leaves out exits the looker may not view, exits leading nowhere, and later duplicates', async () => {
    const w = await world();
    await w.exit('east', w.yard);
    await w.exit('e', w.cellar); // a second "east": the first one stays on the map
    await w.exit('secret', w.tower, [], 'view:false()');
    await w.exit('broken', null);
    await w.exit('__proto__', w.tower);
    const info = w.hall.getRoomInfo(w.ann);
    expect(info?.exits).toEqual({ e: w.yard.id, ['__proto__']: w.tower.id });
    expect(Object.keys(info?.exits ?? {})).toEqual(['e', '__proto__']);
    expect(JSON.parse(JSON.stringify(info))).toMatchObject({
      exits: { e: w.yard.id, ['__proto__']: w.tower.id },
    });
  });

  it('takes the area from the `area` attribute, else a tag of category area; environment only when set', async () => {
    const w = await world();
    expect(w.yard.getRoomInfo(w.ann)?.area).toBe('');
    w.yard.tags.add('Old Town', 'area');
    expect(w.yard.getRoomInfo(w.ann)?.area).toBe('Old Town');
    w.yard.db.area = '|bCastle|n';
    w.yard.db.environment = 'Urban';
    const info = w.yard.getRoomInfo(w.ann);
    expect(info).toMatchObject({ area: 'Castle', environment: 'Urban' });
    expect(w.hall.getRoomInfo(w.ann)).not.toHaveProperty('environment');
  });

  it('is null for a plain object, and a game overrides it on its room class', async () => {
    const w = await world();
    const box = await w.objects.create({ typeclass: 'DefaultObject', key: 'box' });
    expect(box.getRoomInfo(w.ann)).toBeNull();
    const grid = await w.objects.create({ typeclass: GridRoom, key: 'Cell 7' });
    grid.tags.add('North', 'area');
    expect(grid.getRoomInfo(w.ann)).toEqual({
      num: grid.id,
      name: 'Cell 7',
      area: 'Grid North',
      exits: {},
      coords: '1,2,0',
    });
  });
});
