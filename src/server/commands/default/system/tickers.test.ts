/** `tickers` in the WorldTestKit: what is subscribed to what, as the virtual clock moves. */
import { afterEach, describe, expect, it } from 'vitest';
import { DefaultObject } from '../../../objects/object.ts';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

class Torch extends DefaultObject {
  flicker(): void {}
  gutter(): void {}
}

describe('tickers', () => {
  it('lists each subscription: interval, object, method, idstring, stored, next tick', async () => {
    kit = await WorldTestKit.open({
      setup: (game) => game.registerTypeclass('Torch', Torch),
    });
    const ann = await kit.player('Ann', { permissions: ['Builder'] });
    expect(await kit.typeText(ann, 'tickers')).toBe('No tickers are running.');

    const torch = await kit.objects.create({
      typeclass: 'Torch',
      key: 'torch',
      location: kit.limbo,
    });
    const lamp = await kit.objects.create({ typeclass: 'Torch', key: 'lamp', location: kit.limbo });
    kit.tickers.add(30, torch, 'flicker');
    kit.tickers.add(30, lamp, 'flicker', { idstring: 'night' });
    kit.tickers.add(300, torch, 'gutter', { persistent: false });
    await kit.advance(40_000);
    expect(await kit.typeText(ann, 'tickers')).toBe(
      [
        'every  object     method   idstring  stored  next',
        `30s    torch(#${torch.id})  flicker  -         yes     20s`,
        `30s    lamp(#${lamp.id})   flicker  night     yes     20s`,
        `5m     torch(#${torch.id})  gutter   -         no      4m 20s`,
        '3 subscriptions on 2 intervals (one timer each).',
      ].join('\n'),
    );

    // Deleting the torch takes its tickers with it.
    await kit.objects.delete(torch);
    expect(await kit.typeText(ann, '@tickers')).toBe(
      [
        'every  object    method   idstring  stored  next',
        `30s    lamp(#${lamp.id})  flicker  night     yes     20s`,
        '1 subscription on 1 interval (one timer each).',
      ].join('\n'),
    );
  });

  it('is for Builders', async () => {
    kit = await WorldTestKit.open();
    const bob = await kit.player('Bob');
    expect(await kit.typeText(bob, 'tickers')).toMatch(/^Command 'tickers' is not available\./);
  });
});
