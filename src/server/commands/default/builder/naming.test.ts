import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ALIASES } from './names.ts';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

async function builder() {
  kit = await WorldTestKit.open();
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('name and alias', () => {
  it('name renames and adds aliases; a renamed exit is walked by its new name at once', async () => {
    const bea = await builder();
    await kit.type(bea, 'create bell');
    expect(await kit.typeText(bea, '@name bell = bronze bell;gong')).toMatch(
      /^bell\(#\d+\) is now called bronze bell\(#\d+\) \(aliases added: gong\)\.$/,
    );
    expect(await kit.typeText(bea, 'drop gong')).toMatch(/You drop a bronze bell/);
    await kit.type(bea, 'tunnel n = Garden');
    await kit.type(bea, 'rename north = gate;g');
    expect(await kit.typeText(bea, 'north')).toMatch(/not available/);
    expect(await kit.typeText(bea, 'g')).toMatch(/^\|cGarden/);
    expect(await kit.typeText(bea, 'name limbo = Mine')).toMatch(/don't have permission to rename/);
    expect(await kit.typeText(bea, 'name gong')).toMatch(/^Usage: name/);
  });

  it('alias lists, adds and removes aliases, and an exit answers to them at once', async () => {
    const bea = await builder();
    await kit.type(bea, 'tunnel n = Garden');
    expect(await kit.typeText(bea, 'alias north')).toMatch(/^Aliases of north\(#\d+\): n$/);
    expect(await kit.typeText(bea, '@alias north = forward, ahead')).toMatch(
      /^Aliases of north\(#\d+\) now: n, forward, ahead$/,
    );
    expect(await kit.typeText(bea, 'ahead')).toMatch(/^\|cGarden/);
    await kit.type(bea, 's');
    expect(await kit.typeText(bea, 'alias north = FORWARD')).toMatch(/already has that alias/);
    expect(await kit.typeText(bea, 'alias/del north = Ahead, nothing')).toMatch(
      /^Removed from north\(#\d+\): ahead\.$/,
    );
    expect(await kit.typeText(bea, 'ahead')).toMatch(/not available/);
    expect(await kit.typeText(bea, 'alias north =')).toMatch(/Removed every alias/);
    expect(await kit.typeText(bea, 'n')).toMatch(/not available/);
    expect(await kit.typeText(bea, 'alias north')).toMatch(/has no aliases/);
    const many = Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `a${i}`).join(',');
    expect(await kit.typeText(bea, `alias north = ${many}`)).toMatch(/at most/);
  });
});
