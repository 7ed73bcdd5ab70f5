import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

async function builder() {
  kit = await WorldTestKit.open();
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('dig and open', () => {
  it('dig makes a room with exits there and back that work at once', async () => {
    const bea = await builder();
    const out = await kit.type(bea, 'dig Library;lib = north;n, south;s');
    expect(out[0]).toMatch(/^Created room Library\(#\d+\) of type DefaultRoom\.$/);
    expect(out[1]).toMatch(/^Created exit north\(#\d+\) from Limbo to Library \(aliases: n\)\.$/);
    expect(out[2]).toMatch(/^Created exit south\(#\d+\) from Library to Limbo \(aliases: s\)\.$/);
    expect(await kit.typeText(bea, 'n')).toMatch(/^\|cLibrary/);
    expect(await kit.typeText(bea, 's')).toMatch(/^\|cLimbo/);
    const [library] = await kit.objects.find({ key: 'Library' });
    expect(library?.aliases.all()).toEqual(['lib']);
    expect(library?.locks.check(bea.character, 'control')).toBe(true);
  });

  it('dig/teleport takes you there; a bad typeclass or name is explained and nothing is made', async () => {
    const bea = await builder();
    expect(await kit.typeText(bea, 'dig/teleport Attic')).toMatch(
      /Created room Attic[\s\S]*\|cAttic/,
    );
    expect(bea.character.location?.key).toBe('Attic');
    expect(await kit.typeText(bea, 'dig Vault:NoSuchRoom')).toMatch(
      /'NoSuchRoom' is not a registered typeclass; nothing was made/,
    );
    expect(await kit.objects.find({ key: 'Vault' })).toEqual([]);
    // A bad exit typeclass is caught before the room is made, too.
    expect(await kit.typeText(bea, 'dig Vault = down;d:NoSuchExit, up')).toMatch(
      /'NoSuchExit' is not a registered typeclass/,
    );
    expect(await kit.objects.find({ key: 'Vault' })).toEqual([]);
    expect(await kit.typeText(bea, 'dig ;x')).toBe('A name is needed.');
    expect(await kit.typeText(bea, 'dig')).toMatch(/^Usage: dig/);
  });

  it("takes Evennia's @dig, with an exit typeclass after the exit's aliases", async () => {
    const bea = await builder();
    const out = await kit.type(bea, '@dig Cellar;c = down;d:DefaultExit, up;u');
    expect(out[2]).toMatch(/^Created exit up\(#\d+\) from Cellar to Limbo \(aliases: u\)\.$/);
    expect(await kit.typeText(bea, 'd')).toMatch(/^\|cCellar/);
  });

  it('open links here to an existing room by #id, and refuses a name already used here', async () => {
    const bea = await builder();
    const hall = await kit.objects.create({ typeclass: 'DefaultRoom', key: 'Hall' });
    const out = await kit.type(bea, `open east;e, west;w = #${hall.id}`);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/Created exit east\(#\d+\) from Limbo to Hall/);
    expect(await kit.typeText(bea, 'e')).toMatch(/^\|cHall/);
    await kit.type(bea, 'w');
    expect(await kit.typeText(bea, 'open e = Hall')).toMatch(
      /Limbo already has an exit called east\(#\d+\); no exit was made\./,
    );
    expect(await kit.typeText(bea, 'open up = Nowhere')).toBe("Could not find 'Nowhere'.");
    expect(await kit.typeText(bea, 'open up')).toMatch(/^Usage: open/);
  });

  it('is only for Builders: a player neither sees nor can use the building commands', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    expect(await kit.typeText(ann, 'dig Den')).toMatch(/Command 'dig' is not available/);
    expect(await kit.objects.find({ key: 'Den' })).toEqual([]);
  });
});
