import { afterEach, describe, expect, it } from 'vitest';
import type { DefaultObject } from '../../../objects/object.ts';
import { WorldTestKit } from './world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

/** Limbo ⇄ the Garden: north;n there, south;s back. */
async function makeGarden(): Promise<{ garden: DefaultObject; north: DefaultObject }> {
  const garden = await kit.objects.create({
    typeclass: 'DefaultRoom',
    key: 'Garden',
    attributes: { article: 'the' },
  });
  const north = await kit.objects.create({
    typeclass: 'DefaultExit',
    key: 'north',
    aliases: ['n'],
    location: kit.limbo,
    destination: garden,
  });
  await kit.objects.create({
    typeclass: 'DefaultExit',
    key: 'south',
    aliases: ['s'],
    location: garden,
    destination: kit.limbo,
  });
  return { garden, north };
}

describe('exits as commands, go and home', () => {
  it("an exit's name and aliases take you through it, and you see where you arrive", async () => {
    kit = await WorldTestKit.open();
    const { garden } = await makeGarden();
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob');
    expect(await kit.typeText(ann, 'n')).toMatch(/^\|cGarden/);
    expect(ann.character.location).toBe(garden);
    // Where from and where to, in plain English: "the Garden" (its article), "Limbo" (a name).
    expect(bob.take()).toEqual(['Ann leaves for the Garden.']);
    expect(await kit.typeText(ann, 'SOUTH')).toMatch(/^\|cLimbo/);
    expect(bob.take()).toEqual(['Ann arrives from the Garden.']);
    await kit.type(bob, 'n');
    expect(ann.take()).toEqual(['Bob leaves for the Garden.']);
    await kit.type(ann, 'n');
    expect(bob.take()).toEqual(['Ann arrives from Limbo.']);
  });

  it('go <exit> works by name; an unknown way says so', async () => {
    kit = await WorldTestKit.open();
    const { garden } = await makeGarden();
    const ann = await kit.player('Ann');
    expect(await kit.typeText(ann, 'go west')).toBe("You cannot go 'west' from here.");
    expect(await kit.typeText(ann, 'go')).toMatch(/Usage: go <exit>/);
    expect(await kit.typeText(ann, 'go nor')).toMatch(/^\|cGarden/);
    expect(ann.character.location).toBe(garden);
  });

  it('an exit whose traverse lock fails keeps you where you are', async () => {
    kit = await WorldTestKit.open();
    const { north } = await makeGarden();
    north.locks.add('traverse:perm(Admin)');
    const ann = await kit.player('Ann');
    expect(await kit.typeText(ann, 'north')).toBe('You cannot go there.');
    expect(ann.character.location).toBe(kit.limbo);
  });

  it('a renamed exit answers to its new name', async () => {
    kit = await WorldTestKit.open();
    const { north } = await makeGarden();
    const ann = await kit.player('Ann');
    north.key = 'gate';
    expect(await kit.typeText(ann, 'north')).toMatch(/not available/);
    expect(await kit.typeText(ann, 'gate')).toMatch(/^\|cGarden/);
  });

  it('every exit carries its command in the exit cmdset, at priority 101', async () => {
    kit = await WorldTestKit.open();
    const { north } = await makeGarden();
    expect(north.cmdset.all().map((s) => s.key)).toEqual(['ExitCmdSet']);
    expect(north.cmdset.all()[0]?.priority).toBe(101);
  });

  it('home takes you home, and says so when you are already there', async () => {
    kit = await WorldTestKit.open();
    const { garden: there } = await makeGarden();
    const ann = await kit.player('Ann', { location: there });
    expect(await kit.type(ann, 'home')).toEqual([
      "There's no place like home ...",
      expect.stringMatching(/^\|cLimbo/),
    ]);
    expect(ann.character.location).toBe(kit.limbo);
    expect(await kit.typeText(ann, 'home')).toBe('You are already home!');
  });
});
