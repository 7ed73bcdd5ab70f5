import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

describe('perm on objects', () => {
  it('an Admin lists, gives and takes permissions, never above their own', async () => {
    kit = await WorldTestKit.open();
    const ada = await kit.player('Ada', { permissions: ['Admin'] });
    await kit.type(ada, 'create golem');
    const [golem] = ada.character.contents;
    expect(await kit.typeText(ada, 'perm golem')).toMatch(
      /^Permissions of golem\(#\d+\): \(none\)$/,
    );
    expect(await kit.typeText(ada, '@perm golem = builders, Digger')).toMatch(
      /^Gave golem\(#\d+\) Builder, Digger\.$/,
    );
    expect(golem?.permissions).toEqual(['Builder', 'Digger']);
    expect(await kit.typeText(ada, 'perm golem = Builder')).toMatch(/already has that permission/);
    expect(await kit.typeText(ada, 'perm golem = Developer')).toBe(
      'You cannot give or take Developer: it is above your own permissions.',
    );
    expect(await kit.typeText(ada, 'perm/del golem = digger')).toMatch(/^Took Digger from golem/);
    expect(golem?.permissions).toEqual(['Builder']);
    expect(await kit.typeText(ada, 'perm golem = not ok')).toMatch(/is not a permission name/);
    expect(await kit.typeText(ada, 'perm limbo = Builder')).toMatch(/don't have permission/);
  });

  it('is for Admins: a Builder cannot use it', async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    expect(await kit.typeText(bea, 'perm me = Admin')).toMatch(/Command 'perm' is not available/);
  });
});
