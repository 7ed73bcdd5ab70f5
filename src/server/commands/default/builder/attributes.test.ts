import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

async function builder() {
  kit = await WorldTestKit.open();
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('wipe, cpattr and mvattr', () => {
  it('wipe clears every attribute or the named ones, never the stored cmdsets', async () => {
    const bea = await builder();
    await kit.type(bea, 'create chest');
    const [chest] = bea.character.contents;
    if (chest === undefined) throw new Error('no chest');
    await kit.type(bea, 'set chest/gold = 5');
    await kit.type(bea, 'set chest/gems = 2');
    await kit.type(bea, 'set chest/trap:hidden = true');
    chest.attributes.set('cmdsets', ['', 'X'], 'system');
    expect(await kit.typeText(bea, 'wipe chest/gold/trap:hidden/nothing')).toMatch(
      /^Wiped gold, trap:hidden from chest\(#\d+\)\. chest\(#\d+\) has no nothing\.$/,
    );
    expect(chest.attributes.has('trap', 'hidden')).toBe(false);
    expect(chest.db.gems).toBe(2);
    expect(await kit.typeText(bea, '@wipe chest')).toMatch(/^Wiped 1 attribute from chest/);
    expect(chest.attributes.all().map((a) => a.name)).toEqual(['cmdsets']);
    expect(await kit.typeText(bea, 'wipe chest')).toMatch(/has no attributes to wipe/);
    expect(await kit.typeText(bea, 'wipe limbo')).toMatch(/don't have permission/);
    expect(await kit.typeText(bea, 'wipe chest/a[0]')).toMatch(/without \[keys\]/);
  });

  it('cpattr copies to several objects and names, keeping the original', async () => {
    const bea = await builder();
    await kit.type(bea, 'create bell');
    await kit.type(bea, 'create gong');
    await kit.type(bea, 'create chime');
    await kit.type(bea, "set bell/tone = {'pitch': 'low'}");
    expect(await kit.typeText(bea, '@cpattr bell/tone = gong, chime/pitch:music')).toMatch(
      /^Copied bell\(#\d+\)\/tone to gong\(#\d+\)\/tone, chime\(#\d+\)\/pitch:music\.$/,
    );
    const [bell, gong, chime] = bea.character.contents;
    expect(gong?.db.tone).toEqual({ pitch: 'low' });
    expect(chime?.attributes.get('pitch', 'music')).toEqual({ pitch: 'low' });
    expect(bell?.db.tone).toEqual({ pitch: 'low' });
    expect(await kit.typeText(bea, 'cpattr bell/nothing = gong')).toMatch(
      /is not set; there is nothing/,
    );
    expect(await kit.typeText(bea, 'cpattr bell/tone = limbo')).toMatch(
      /don't have permission to edit Limbo\(#\d+\); nothing was copied/,
    );
    expect(await kit.typeText(bea, 'cpattr bell/tone')).toMatch(/^Usage: cpattr/);
  });

  it('mvattr (and cpattr/move) moves it; a bare attribute is taken from yourself', async () => {
    const bea = await builder();
    await kit.type(bea, 'create chest');
    await kit.type(bea, 'create strongbox');
    await kit.type(bea, 'set chest/loot = [1, 2]');
    expect(await kit.typeText(bea, 'mvattr chest/loot = strongbox')).toMatch(
      /^Moved chest\(#\d+\)\/loot to strongbox\(#\d+\)\/loot\.$/,
    );
    const [chest, box] = bea.character.contents;
    expect(chest?.attributes.has('loot')).toBe(false);
    expect(box?.db.loot).toEqual([1, 2]);
    expect(await kit.typeText(bea, 'cpattr/move strongbox/loot = strongbox/spoils')).toMatch(
      /^Moved/,
    );
    expect(box?.db.spoils).toEqual([1, 2]);
    expect(box?.attributes.has('loot')).toBe(false);
    bea.character.db.notes = 'remember';
    // Bea's own character is an Admin's to edit, so a builder reads from it but writes elsewhere.
    expect(await kit.typeText(bea, 'cpattr notes = chest')).toMatch(
      /^Copied Bea\(#\d+\)\/notes to chest/,
    );
    expect(chest?.db.notes).toBe('remember');
  });
});
