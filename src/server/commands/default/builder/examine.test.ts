import { afterEach, describe, expect, it } from 'vitest';
import { Script } from '../../../scripts/script.ts';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

async function builder() {
  kit = await WorldTestKit.open();
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('examine and lock', () => {
  it('examine shows categories, tags, non-persistent values, contents by kind and who plays it', async () => {
    const bea = await builder();
    await kit.player('Ann');
    await kit.type(bea, 'create lamp');
    await kit.type(bea, 'drop lamp');
    await kit.type(bea, 'set lamp/fuel:oil = {"left": [1, 2]}');
    await kit.type(bea, 'tag lamp = brass, lit:state');
    const [lamp] = await kit.objects.find({ key: 'lamp' });
    if (lamp === undefined) throw new Error('no lamp');
    lamp.ndb.flicker = 3;
    const shown = await kit.typeText(bea, 'ex lamp');
    expect(shown).toMatch(/\n {2}fuel\[oil\] +\{"left":\[1,2\]\}/);
    expect(shown).toMatch(/Tags\|n +brass, lit\[state\]/);
    expect(shown).toMatch(/Non-persistent\|n\n {2}flicker +3/);
    // A two-column table: a value too long for the client's width wraps under its column.
    const locks = shown.split('\n').findIndex((line) => line.startsWith('|wLocks|n'));
    const valueColumn = 'Non-persistent'.length + 2;
    expect(shown.split('\n')[locks + 1]).toMatch(new RegExp(`^ {${valueColumn}}\\S`));
    const room = await kit.typeText(bea, 'examine here');
    expect(room).toMatch(/Characters\|n +Bea\(#\d+\), Ann\(#\d+\)/);
    expect(room).toMatch(/Contents\|n +lamp\(#\d+\)/);
    expect(await kit.typeText(bea, 'ex ann')).toMatch(
      /Puppeted by\|n +Ann \(permissions: Player\), 1 session\(s\)/,
    );
  });

  it('lock shows one lock by its access type', async () => {
    const bea = await builder();
    await kit.type(bea, 'create anvil');
    await kit.type(bea, 'lock anvil = get:perm(Admin)');
    expect(await kit.typeText(bea, '@lock anvil/get')).toMatch(
      /^anvil\(#\d+\): get:perm\(Admin\)$/,
    );
    expect(await kit.typeText(bea, 'lock anvil/traverse')).toMatch(/has no traverse lock/);
  });

  it('examine lists scripts with their rhythm', async () => {
    kit = await WorldTestKit.open({ setup: (game) => game.registerScript('Toll', Toll) });
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    await kit.type(bea, 'create bell');
    const [bell] = bea.character.contents;
    await bell?.scripts.add('Toll');
    await kit.advance(20_000);
    expect(await kit.typeText(bea, 'examine bell')).toMatch(
      /Scripts\|n +toll \(Toll, every 60s, next in 40s, 3 left\)/,
    );
  });
});

class Toll extends Script {
  override key = 'toll';
  override interval = 60;
  override repeats = 3;
  override startDelay = true;
}
