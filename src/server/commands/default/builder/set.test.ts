import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

async function builder() {
  kit = await WorldTestKit.open();
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('set with nested values', () => {
  it('set reaches into lists and dictionaries, and takes Python literals', async () => {
    const bea = await builder();
    await kit.type(bea, 'create chest');
    const [chest] = bea.character.contents;
    expect(await kit.typeText(bea, "@set chest/loot = {'gold': 10, 'gems': ['ruby']}")).toMatch(
      /^Set chest\(#\d+\)\/loot = \{"gold":10,"gems":\["ruby"\]\}\.$/,
    );
    expect(await kit.typeText(bea, "set chest/loot['gems'][0] = opal")).toMatch(
      /^Set chest\(#\d+\)\/loot\['gems'\]\[0\] = "opal"\.$/,
    );
    await kit.type(bea, "set chest/loot['gems'][1] = [1, 2]");
    await kit.type(bea, 'set chest/loot[gems][1][0] = 5');
    expect(chest?.db.loot).toEqual({ gold: 10, gems: ['opal', [5, 2]] });
    expect(await kit.typeText(bea, 'set chest/loot["gems"][-1]')).toMatch(
      /\['gems'\]\[-1\] = \[5,2\]$/,
    );
    expect(await kit.typeText(bea, "set chest/loot['gold'] =")).toMatch(
      /^Deleted chest.*\['gold'\]\.$/,
    );
    expect(chest?.db.loot).toEqual({ gems: ['opal', [5, 2]] });
    expect(await kit.typeText(bea, "set chest/loot['gems'][7] = x")).toMatch(
      /\[7\] is not a place in a list of 2\./,
    );
    expect(await kit.typeText(bea, "set chest/nothing['a'] = 1")).toMatch(
      /nothing is not set; set it to a list or dictionary first/,
    );
    expect(await kit.typeText(bea, 'set chest/hp:combat = 20')).toMatch(/\/hp:combat = 20\.$/);
    expect(chest?.attributes.get('hp', 'combat')).toBe(20);
    expect(await kit.typeText(bea, 'set/raw chest/note = [1, 2]')).toMatch(/= "\[1, 2\]"\.$/);
    expect(await kit.typeText(bea, 'set chest/flag = None')).toMatch(/= null\.$/);
    expect(chest?.db.flag).toBeNull();
  });
});
