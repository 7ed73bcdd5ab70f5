import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';
import { CmdSet } from '../../cmdset.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

class GlowSet extends CmdSet {
  override key = 'Glow';
}

describe('copy', () => {
  it("copies attributes, tags, aliases, locks and stored cmdsets; the copy is the builder's", async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    kit.objects.cmdsets.register('Glow', GlowSet);
    const lamp = await kit.objects.create({
      typeclass: 'DefaultObject',
      key: 'lamp',
      aliases: ['light'],
      location: kit.limbo,
      locks: 'get:perm(Admin)',
      tags: ['brass', ['lit', 'state']],
      attributes: { fuel: 10 },
    });
    lamp.attributes.set('bright', { lumens: [1, 2] }, 'optics');
    lamp.cmdset.add(new GlowSet(), { persistent: true });
    expect(await kit.typeText(bea, '@copy lamp')).toMatch(
      /^Copied lamp\(#\d+\) to lamp_copy\(#\d+\) in Limbo\(#\d+\)\.$/,
    );
    const [copy] = await kit.objects.find({ key: 'lamp_copy' });
    if (copy === undefined) throw new Error('no copy');
    expect(copy.db.fuel).toBe(10);
    expect(copy.attributes.get('bright', 'optics')).toEqual({ lumens: [1, 2] });
    expect(copy.aliases.all()).toEqual(['light']);
    expect(copy.tags.has('brass')).toBe(true);
    expect(copy.tags.has('lit', 'state')).toBe(true);
    expect(copy.locks.get('get')).toBe('perm(Admin)');
    expect(copy.locks.check(bea.character, 'control')).toBe(true);
    expect(lamp.locks.check(bea.character, 'control')).toBe(false);
    expect(copy.cmdset.has('Glow')).toBe(true);
    expect(copy.cmdset.persistentNames()).toEqual(['', 'Glow']);
  });

  it('takes new names, aliases and places, several at once', async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    await kit.type(bea, 'dig Shed');
    await kit.type(bea, 'create bell');
    await kit.type(bea, 'set bell/tone = low');
    const out = await kit.type(bea, 'copy bell = silver bell;silver:here, tin bell:Shed');
    expect(out).toEqual([
      expect.stringMatching(/^Copied bell\(#\d+\) to silver bell\(#\d+\) in Limbo\(#\d+\)\.$/),
      expect.stringMatching(/^Copied bell\(#\d+\) to tin bell\(#\d+\) in Shed\(#\d+\)\.$/),
    ]);
    const [tin] = await kit.objects.find({ key: 'tin bell' });
    expect(tin?.db.tone).toBe('low');
    expect(await kit.typeText(bea, 'copy bell = x:Nowhere')).toBe("Could not find 'Nowhere'.");
    expect(await kit.typeText(bea, 'copy bell = x:')).toMatch(/Give a location after/);
    expect(await kit.typeText(bea, 'copy')).toMatch(/^Usage: copy/);
  });
});
