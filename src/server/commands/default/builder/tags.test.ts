import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

async function builder() {
  kit = await WorldTestKit.open();
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('tag', () => {
  it('adds tags with and without categories, lists and removes them', async () => {
    const bea = await builder();
    await kit.type(bea, 'create sword');
    expect(await kit.typeText(bea, '@tag sword = sharp, iron:material')).toMatch(
      /^Tagged sword\(#\d+\): sharp, iron\[material\]\.$/,
    );
    const [sword] = bea.character.contents;
    expect(sword?.tags.has('iron', 'material')).toBe(true);
    expect(sword?.tags.has('sharp')).toBe(true);
    expect(await kit.typeText(bea, 'tag sword')).toMatch(
      /^Tags on sword\(#\d+\): sharp, iron\[material\]$/,
    );
    expect(await kit.typeText(bea, 'tag sword = sharp')).toMatch(/already has that tag/);
    expect(await kit.typeText(bea, 'tag/del sword = iron:material')).toMatch(
      /^Removed from sword\(#\d+\): iron\[material\]\.$/,
    );
    expect(sword?.tags.has('iron', 'material')).toBe(false);
    expect(await kit.typeText(bea, 'tag/del sword = iron')).toMatch(/has no such tag/);
    await kit.type(bea, 'tag sword = a, b:c');
    expect(await kit.typeText(bea, 'tag/del sword')).toMatch(/Removed from sword\(#\d+\): /);
    expect(await kit.typeText(bea, 'tag sword')).toMatch(/has no tags/);
  });

  it('leaves aliases and permissions to their own commands', async () => {
    const bea = await builder();
    await kit.type(bea, 'create sword;blade');
    expect(await kit.typeText(bea, 'tag sword = x:alias')).toBe(
      'The alias category belongs to the alias command.',
    );
    expect(await kit.typeText(bea, 'tag sword = Admin:permission')).toMatch(/perm command/);
    await kit.type(bea, 'tag/del sword');
    expect(bea.character.contents[0]?.aliases.all()).toEqual(['blade']);
    expect(await kit.typeText(bea, 'tag limbo = mine')).toMatch(/don't have permission/);
  });

  it('tag/search lists what carries a tag, in a category or in any', async () => {
    const bea = await builder();
    await kit.type(bea, 'create sword');
    await kit.type(bea, 'create axe');
    await kit.type(bea, 'tag sword = iron:material');
    await kit.type(bea, 'tag axe = Iron');
    expect(await kit.typeText(bea, 'tag/search iron:material')).toMatch(
      /^1 object tagged iron\[material\]:\n {2}sword\(#\d+\)$/,
    );
    expect(await kit.typeText(bea, 'tag/search iron')).toMatch(
      /^2 objects tagged iron:\n {2}sword\(#\d+\)\n {2}axe\(#\d+\)$/,
    );
    expect(await kit.typeText(bea, 'tag/search copper')).toBe('No object has the tag copper.');
  });
});
