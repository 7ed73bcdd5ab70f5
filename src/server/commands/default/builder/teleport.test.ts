import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

async function builder() {
  kit = await WorldTestKit.open();
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('teleport switches', () => {
  it('teleport /quiet, /loc and exits: where it leads, or into it with /intoexit', async () => {
    const bea = await builder();
    const ann = await kit.player('Ann');
    await kit.type(bea, 'tunnel n = Garden');
    ann.take();
    expect(await kit.typeText(bea, 'tel/quiet north')).toMatch(/^\|cGarden/);
    expect(ann.take()).toEqual([]);
    expect(await kit.typeText(bea, 'tel/loc ann')).toMatch(/^\|cLimbo/);
    expect(ann.take()).toEqual(['Bea arrives from Garden.']);
    await kit.type(bea, 'create pebble');
    expect(await kit.typeText(bea, 'tel/intoexit pebble = north')).toMatch(
      /Teleported pebble\(#\d+\) -> north\(#\d+\)/,
    );
    expect(await kit.typeText(bea, 'tel/loc me = Garden')).toMatch(/is not anywhere/);
  });
});
