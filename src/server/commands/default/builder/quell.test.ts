import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

describe('quell and unquell', () => {
  it("a quelled Builder plays with the character's permissions: building is refused until unquell", async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    bea.character.tags.add('Player', 'permission');
    expect(await kit.typeText(bea, '@quell')).toBe(
      "Quelling to Bea's permissions (Player). Use unquell to get your own back.",
    );
    expect(bea.account.quelled).toBe(true);
    expect(await kit.typeText(bea, 'dig Den')).toMatch(/Command 'dig' is not available/);
    expect(await kit.typeText(bea, 'quell')).toMatch(/^You are already quelled/);
    expect(await kit.typeText(bea, 'unquell')).toBe(
      "Unquelled: you play with your account's permissions (Builder) again.",
    );
    expect(await kit.typeText(bea, 'dig Den')).toMatch(/^Created room Den/);
    expect(await kit.typeText(bea, 'unquell')).toMatch(/^You are not quelled/);
  });

  it('a quelled superuser stops passing every lock', async () => {
    kit = await WorldTestKit.open();
    const root = await kit.player('Root', { permissions: ['Developer'], superuser: true });
    await kit.objects.create({
      typeclass: 'DefaultObject',
      key: 'relic',
      location: kit.limbo,
      locks: 'get:false()',
    });
    expect(await kit.typeText(root, 'quell')).toMatch(/Your superuser status is quelled too\./);
    expect(await kit.typeText(root, 'get relic')).toMatch(/can't|cannot/i);
    expect(await kit.typeText(root, 'examine relic')).toMatch(/not available/);
    await kit.type(root, 'unquell');
    expect(await kit.typeText(root, 'get relic')).toMatch(/You pick up/);
  });
});
