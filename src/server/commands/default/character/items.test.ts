import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from './world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

async function withApple() {
  kit = await WorldTestKit.open();
  const apple = await kit.objects.create({
    typeclass: 'DefaultObject',
    key: 'red apple',
    aliases: ['apple'],
    location: kit.limbo,
  });
  const ann = await kit.player('Ann');
  const bob = await kit.player('Bob');
  const cy = await kit.player('Cy');
  return { apple, ann, bob, cy };
}

describe('get, drop, give, inventory', () => {
  it('get picks a thing up and the room sees it; drop puts it down and the room sees that', async () => {
    const { apple, ann, bob } = await withApple();
    expect(await kit.type(ann, 'get apple')).toEqual(['You pick up a red apple.']);
    expect(apple.location).toBe(ann.character);
    expect(bob.take()).toEqual(['Ann picks up a red apple.']);
    expect(await kit.type(ann, 'inventory')).toEqual(['You are carrying:\n  a red apple']);
    expect(await kit.type(ann, 'drop apple')).toEqual(['You drop a red apple.']);
    expect(apple.location).toBe(kit.limbo);
    expect(bob.take()).toEqual(['Ann drops a red apple.']);
    expect(await kit.type(ann, 'i')).toEqual(['You are not carrying anything.']);
  });

  it('honours the get lock, with the thing’s own refusal when it has one', async () => {
    const { apple, ann, bob } = await withApple();
    apple.locks.add('get:false()');
    expect(await kit.type(ann, 'get apple')).toEqual(["You can't get that."]);
    apple.db.get_err_msg = 'The apple is |rnailed|n down.';
    expect(await kit.type(ann, 'get apple')).toEqual(['The apple is ||rnailed||n down.']);
    expect(apple.location).toBe(kit.limbo);
    expect(bob.take()).toEqual([]);
  });

  it('cannot pick up people or exits, and says what is missing', async () => {
    const { ann } = await withApple();
    expect(await kit.type(ann, 'get bob')).toEqual(["You can't get that."]);
    expect(await kit.type(ann, 'get pear')).toEqual(["Could not find 'pear'."]);
    expect(await kit.type(ann, 'get')).toEqual(['Get what?']);
  });

  it('honours the drop lock', async () => {
    const { apple, ann } = await withApple();
    await kit.type(ann, 'get apple');
    apple.locks.add('drop:false()');
    expect(await kit.type(ann, 'drop apple')).toEqual(["You can't drop that."]);
    expect(apple.location).toBe(ann.character);
    expect(await kit.type(ann, 'drop pear')).toEqual(["You aren't carrying 'pear'."]);
  });

  it('give hands a thing over: the giver, the receiver and the room each hear it once', async () => {
    const { apple, ann, bob, cy } = await withApple();
    await kit.type(ann, 'get apple');
    bob.take();
    cy.take();
    expect(await kit.type(ann, 'give apple to bob')).toEqual(['You give a red apple to Bob.']);
    expect(apple.location).toBe(bob.character);
    expect(bob.take()).toEqual(['Ann gives you a red apple.']);
    expect(cy.take()).toEqual(['Ann gives a red apple to Bob.']);
    expect(await kit.type(bob, 'give apple = Ann')).toEqual(['You give a red apple to Ann.']);
    expect(await kit.type(ann, 'give apple to me')).toEqual([
      'You keep the red apple to yourself.',
    ]);
    expect(await kit.type(ann, 'give apple')).toEqual(['Usage: give <thing> to <someone>']);
  });

  it('names things with articles: a/an by sound, none for proper names, or the one a builder set', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob');
    const make = (key: string) =>
      kit.objects.create({ typeclass: 'DefaultObject', key, location: kit.limbo });
    await make('old map');
    await make('unicorn horn');
    await make('hourglass');
    await make('Excalibur');
    const water = await make('water');
    water.db.article = 'some';
    expect(await kit.typeText(ann, 'look')).toContain(
      '|wYou see:|n an old map, a unicorn horn, an hourglass, Excalibur, some water',
    );
    expect(await kit.type(ann, 'get the map')).toEqual(['You pick up an old map.']);
    expect(await kit.type(ann, 'drop the map')).toEqual(['You drop an old map.']);
    expect(await kit.type(ann, 'get map')).toEqual(['You pick up an old map.']);
    expect(await kit.type(ann, 'get excalibur')).toEqual(['You pick up Excalibur.']);
    expect(await kit.type(ann, 'get water')).toEqual(['You pick up some water.']);
    bob.take();
    expect(await kit.type(ann, 'give water to bob')).toEqual(['You give some water to Bob.']);
    expect(bob.take()).toEqual(['Ann gives you some water.']);
  });
});
