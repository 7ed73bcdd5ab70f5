import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

async function builder() {
  kit = await WorldTestKit.open();
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('tunnel', () => {
  it('digs a room in a direction and links it both ways, with the short names too', async () => {
    const bea = await builder();
    const out = await kit.type(bea, 'tunnel north = Garden;gdn');
    expect(out).toEqual([
      expect.stringMatching(/^Created room Garden\(#\d+\) of type DefaultRoom\.$/),
      expect.stringMatching(/^Created exit north\(#\d+\) from Limbo to Garden \(aliases: n\)\.$/),
      expect.stringMatching(/^Created exit south\(#\d+\) from Garden to Limbo \(aliases: s\)\.$/),
    ]);
    expect(await kit.typeText(bea, 'north')).toMatch(/^\|cGarden/);
    expect(await kit.typeText(bea, 's')).toMatch(/^\|cLimbo/);
    expect(await kit.typeText(bea, 'n')).toMatch(/^\|cGarden/);
    const [garden] = await kit.objects.find({ key: 'Garden' });
    expect(garden?.aliases.all()).toEqual(['gdn']);
  });

  it('knows every direction and its opposite, short or long', async () => {
    const bea = await builder();
    const pairs: Array<[string, string, string]> = [
      ['ne', 'northeast', 'southwest'],
      ['SE', 'southeast', 'northwest'],
      ['w', 'west', 'east'],
      ['u', 'up', 'down'],
      ['in', 'in', 'out'],
      ['o', 'out', 'in'],
    ];
    for (const [typed, there, back] of pairs) {
      const out = await kit.typeText(bea, `@tun ${typed} = Room ${there}`);
      expect(out).toMatch(new RegExp(`Created exit ${there}\\(#\\d+\\) from Limbo`));
      expect(out).toMatch(
        new RegExp(`Created exit ${back}\\(#\\d+\\) from Room ${there} to Limbo`),
      );
    }
  });

  it('/oneway makes no way back, /tel goes there, and an unnamed room is "Some place"', async () => {
    const bea = await builder();
    const out = await kit.type(bea, 'tunnel/oneway/tel e');
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/Created room Some place/);
    expect(out[2]).toMatch(/^\|cSome place/);
    expect(bea.character.location?.key).toBe('Some place');
    expect(bea.character.location?.contents.filter((o) => o.destination !== null)).toEqual([]);
  });

  it('explains a wrong direction, and refuses a way already taken before making a room', async () => {
    const bea = await builder();
    expect(await kit.typeText(bea, 'tunnel sideways = Nowhere')).toMatch(
      /^'sideways' is not a direction; use one of n, ne/,
    );
    expect(await kit.typeText(bea, 'tunnel')).toMatch(/^Usage: tunnel/);
    await kit.type(bea, 'tunnel n = Garden');
    expect(await kit.typeText(bea, 'tunnel n = Second Garden')).toMatch(
      /^Limbo already has an exit north\(#\d+\) that way; nothing was made\.$/,
    );
    expect(await kit.objects.find({ key: 'Second Garden' })).toEqual([]);
    expect(await kit.typeText(bea, 'tunnel s:NoSuchExit = Cellar')).toBe(
      "'NoSuchExit' is not a registered typeclass; nothing was made.",
    );
    expect(await kit.objects.find({ key: 'Cellar' })).toEqual([]);
  });
});
