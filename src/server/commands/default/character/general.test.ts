import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from './world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

describe('desc', () => {
  it('sets your own description, which others see neutralised when they look at you', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob');
    expect(await kit.type(ann, 'desc A tall woman in a |rred|n cloak.')).toEqual([
      'You set your description.',
    ]);
    expect(await kit.typeText(bob, 'look ann')).toContain('A tall woman in a ||rred||n cloak.');
    expect(await kit.typeText(ann, 'desc')).toContain('Your description: A tall woman');
    expect(await kit.typeText(ann, `desc ${'x'.repeat(2001)}`)).toMatch(/too long/);
  });
});
