/**
 * `spawn`, as a builder types it: spawning from code and stored prototypes, listing and showing
 * them, saving from JSON and from an object, updating spawned objects in place, and the errors a
 * builder sees for a bad prototype.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GameSetup } from '../../../game-setup.ts';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

const setup = (game: GameSetup) => {
  game.prototypes.register({
    prototypeKey: 'torch',
    prototypeDesc: 'A torch to carry.',
    attributes: { desc: 'A stick with a |yflame|n.' },
  });
};

async function builder() {
  kit = await WorldTestKit.open({ setup, random: () => 0 });
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('spawn', () => {
  it('makes an object here from a prototype (also as @spawn); players cannot', async () => {
    const bea = await builder();
    expect(await kit.typeText(bea, 'spawn torch')).toMatch(/^Spawned torch\(#\d+\)\.$/);
    // Its description is game text: the colour renders.
    expect(await kit.typeText(bea, 'look torch')).toMatch(/A stick with a \|yflame\|n\./);
    expect(await kit.typeText(bea, '@spawn TORCH')).toMatch(/^Spawned torch\(#\d+\)\.$/);
    expect(kit.limbo.contents.filter((o) => o.key === 'torch')).toHaveLength(2);
    const pat = await kit.player('Pat');
    expect(await kit.typeText(pat, 'spawn torch')).toMatch(/Command 'spawn' is not available/);
  });

  it('spawns from JSON written out, with computed values', async () => {
    const bea = await builder();
    expect(
      await kit.typeText(
        bea,
        'spawn {"key": {"$pick": ["ruby", "opal"]}, "attributes": {"value": {"$random": [10, 20]}}}',
      ),
    ).toMatch(/^Spawned ruby\(#\d+\)\.$/);
    expect(kit.limbo.contents.find((o) => o.key === 'ruby')?.db.value).toBe(10);
  });

  it('saves, lists, shows and deletes prototypes; refuses to change a game one', async () => {
    const bea = await builder();
    expect(
      await kit.typeText(
        bea,
        'spawn/save Goblin = {"prototypeParent": "torch", "attributes": {"hp": 7}, "tags": ["monster"]}',
      ),
    ).toBe("Prototype 'Goblin' saved.");
    expect(await kit.typeText(bea, 'spawn/list')).toBe(
      [
        '|wPrototypes|n (spawn <name> makes one; game ones are read-only):',
        '  Goblin  stored (from torch)',
        '  torch   game    A torch to carry.',
      ].join('\n'),
    );
    const shown = await kit.typeText(bea, 'spawn/show goblin');
    expect(shown).toMatch(/^\|wPrototype Goblin\|n \(stored; 0 objects spawned from it\)/);
    // Stored text is shown as written: its markup does not render.
    expect(shown).toContain('"desc": "A stick with a ||yflame||n."');
    expect(shown).toContain('|wWith its parents:|n');
    expect(await kit.typeText(bea, 'spawn/save torch = {"key": "x"}')).toMatch(
      /defined in the game's code; change it there/,
    );
    expect(await kit.typeText(bea, 'spawn/delete torch')).toMatch(/cannot be deleted in game/);
    expect(await kit.typeText(bea, 'spawn/delete goblin')).toBe("Prototype 'goblin' deleted.");
    expect(await kit.typeText(bea, 'spawn goblin')).toBe("There is no prototype called 'goblin'.");
  });

  it('saves the prototype of an existing object', async () => {
    const bea = await builder();
    await kit.type(bea, 'create lute;instrument');
    await kit.type(bea, 'describe lute = A lute with |gsix|n strings.');
    expect(await kit.typeText(bea, 'spawn/save lute = lute')).toBe("Prototype 'lute' saved.");
    expect(kit.prototypes.get('lute')?.prototype).toMatchObject({
      key: 'lute',
      typeclass: 'DefaultObject',
      aliases: ['instrument'],
      attributes: { desc: 'A lute with |gsix|n strings.' },
    });
    expect(await kit.typeText(bea, 'spawn lute')).toMatch(/^Spawned lute/);
  });

  it('brings spawned objects up to a changed prototype with spawn/update', async () => {
    const bea = await builder();
    await kit.type(bea, 'spawn/save lamp = {"attributes": {"desc": "A dim lamp."}}');
    await kit.type(bea, 'spawn lamp');
    await kit.type(bea, 'spawn lamp');
    expect(
      await kit.typeText(bea, 'spawn/save lamp = {"attributes": {"desc": "A bright lamp."}}'),
    ).toBe(
      "Prototype 'lamp' replaced. 2 objects were spawned from the old one: spawn/update lamp brings them up to date.",
    );
    expect(await kit.typeText(bea, 'look lamp')).toMatch(/More than one match|dim lamp/);
    const update = await kit.typeText(bea, 'spawn/update lamp');
    expect(update).toMatch(
      /^Updated 2 objects spawned from 'lamp'\.\n {2}lamp\(#\d+\): attribute desc/,
    );
    expect(kit.prototypes.spawnedFrom('lamp').map((o) => o.db.desc)).toEqual([
      'A bright lamp.',
      'A bright lamp.',
    ]);
    expect(await kit.typeText(bea, 'spawn/update lamp')).toBe(
      "Updated 0 objects spawned from 'lamp'; 2 already up to date.",
    );
    expect(await kit.typeText(bea, 'spawn/update torch')).toBe(
      "No objects were spawned from 'torch'.",
    );
  });

  it('tells the builder what is wrong with a prototype, and changes nothing', async () => {
    const bea = await builder();
    const count = kit.objects.all().length;
    expect(await kit.typeText(bea, 'spawn/save bad = {"key": "x",')).toMatch(
      /^That is not valid JSON/,
    );
    expect(await kit.typeText(bea, 'spawn/save bad = {"prototypeParent": "nobody"}')).toBe(
      "Prototype 'bad' names parent 'nobody', but there is no prototype of that name.",
    );
    await kit.type(bea, 'spawn/save a = {}');
    await kit.type(bea, 'spawn/save b = {"prototypeParent": "a"}');
    expect(await kit.typeText(bea, 'spawn/save a = {"prototypeParent": "b"}')).toBe(
      'Prototype parents go round in a circle: a → b → a.',
    );
    expect(await kit.typeText(bea, 'spawn/save c = {"typeclass": "Dragon"}')).toBe(
      "Prototype 'c' uses typeclass 'Dragon', which this game has not registered.",
    );
    expect(await kit.typeText(bea, 'spawn/save c = {"hp": 3}')).toMatch(
      /^Unknown prototype field 'hp'/,
    );
    expect(await kit.typeText(bea, 'spawn/frob x')).toMatch(/^Unknown switch \/frob/);
    expect(await kit.typeText(bea, 'spawn')).toMatch(/^Usage: spawn <prototype>/);
    expect(kit.objects.all().length).toBe(count);
    expect(kit.prototypes.get('c')).toBeUndefined();
  });
});
