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
    expect(await kit.type(ann, 'get apple')).toEqual(['You pick up red apple.']);
    expect(apple.location).toBe(ann.character);
    expect(bob.take()).toEqual(['Ann picks up red apple.']);
    expect(await kit.type(ann, 'inventory')).toEqual(['You are carrying:\n  red apple']);
    expect(await kit.type(ann, 'drop apple')).toEqual(['You drop red apple.']);
    expect(apple.location).toBe(kit.limbo);
    expect(bob.take()).toEqual(['Ann drops red apple.']);
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
    expect(await kit.type(ann, 'give apple to bob')).toEqual(['You give red apple to Bob.']);
    expect(apple.location).toBe(bob.character);
    expect(bob.take()).toEqual(['Ann gives you red apple.']);
    expect(cy.take()).toEqual(['Ann gives red apple to Bob.']);
    expect(await kit.type(bob, 'give apple = Ann')).toEqual(['You give red apple to Ann.']);
    expect(await kit.type(ann, 'give apple to me')).toEqual(['You keep red apple to yourself.']);
    expect(await kit.type(ann, 'give apple')).toEqual(['Usage: give <thing> to <someone>']);
  });
});
