/**
 * `desc`, and who may write markup into descriptions: a player's own description is stored
 * neutralised (others see it as typed), a builder's keeps its colour and links; `desc <obj> =
 * <text>` (and `@desc`) describes that object for those who may edit it, and tells anyone else
 * so instead of describing themselves with the whole line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from './world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

describe('desc', () => {
  it('sets your own description, which others see neutralised when they look at you', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob');
    expect(await kit.type(ann, 'desc A tall woman in a |rred|n cloak.')).toEqual([
      'You set your description.',
    ]);
    expect(await kit.typeText(bob, 'look ann')).toContain('A tall woman in a ||rred||n cloak.');
    expect(await kit.typeText(ann, 'desc')).toContain('Your description: A tall woman');
    expect(await kit.typeText(ann, `desc ${'x'.repeat(2001)}`)).toMatch(/too long/);
  });

  it("keeps a builder's colour and links in their own description", async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    await kit.type(bea, 'desc A |ggreen|n coat. |lclook|ltLook|le');
    expect(bea.character.db.desc).toBe('A |ggreen|n coat. |lclook|ltLook|le');
  });

  it('@desc <obj> = <text> describes the object for a builder who may edit it', async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    await kit.type(bea, 'dig/tel Garden');
    const garden = bea.character.location!;
    expect(await kit.typeText(bea, '@desc here = A |ggreen|n garden.')).toBe(
      `The description was set on Garden(#${garden.id}).`,
    );
    expect(garden.db.desc).toBe('A |ggreen|n garden.');
    expect(await kit.typeText(bea, 'look')).toContain('A |ggreen|n garden.');
    // Her own description is untouched.
    expect(bea.character.db.desc).toBeUndefined();
    expect(await kit.typeText(bea, `desc #${garden.id} = Weeds.`)).toMatch(/^The description/);
    expect(garden.db.desc).toBe('Weeds.');
  });

  it('refuses a player who names something they may not edit, and stores nothing', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    const before = kit.limbo.db.desc;
    expect(await kit.typeText(ann, '@desc here = Nice.')).toBe(
      "You don't have permission to describe Limbo. To describe yourself: desc <description>",
    );
    expect(kit.limbo.db.desc).toBe(before);
    expect(ann.character.db.desc).toBeUndefined();
    expect(await kit.typeText(ann, 'desc She is tall = and proud')).toBe(
      "Could not find 'She is tall' to describe. " +
        'To describe yourself with an = in the text: desc me = <description>',
    );
    expect(ann.character.db.desc).toBeUndefined();
    expect(await kit.typeText(ann, 'desc = x')).toMatch(/^Usage: desc <object> = /);
  });

  it('desc me = <text> describes yourself, = and all, neutralised for a player', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    expect(await kit.typeText(ann, 'desc me = Height = 6ft |r!')).toBe('You set your description.');
    expect(ann.character.db.desc).toBe('Height = 6ft ||r!');
  });

  it('lets a player describe what they may edit, stored as player text', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    const box = await kit.objects.create({
      typeclass: 'DefaultObject',
      key: 'box',
      location: kit.limbo,
      locks: `edit:id(${ann.character.id})`,
    });
    expect(await kit.typeText(ann, 'desc box = A |rred|n |lcquit|ltbox|le.')).toBe(
      'The description was set on box.',
    );
    expect(box.db.desc).toBe('A ||rred||n ||lcquit||ltbox||le.');
  });

  it('judges by the permission in force: a quelled builder writes player text', async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    // As `quell` does (the kit's account stands in for a stored one).
    (bea.account as { quelled: boolean }).quelled = true;
    await kit.type(bea, 'desc |ggreen|n');
    expect(bea.character.db.desc).toBe('||ggreen||n');
  });
});
