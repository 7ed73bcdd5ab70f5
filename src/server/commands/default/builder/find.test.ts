import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';
import { MAX_FOUND_LISTED } from './find.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

async function builder() {
  kit = await WorldTestKit.open();
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('find', () => {
  it('finds by part of a name or alias anywhere, saying where each is', async () => {
    const bea = await builder();
    await kit.type(bea, 'tunnel n = Bell Tower');
    await kit.type(bea, 'n');
    await kit.type(bea, 'create brass bell;ringer');
    await kit.type(bea, 's');
    const found = await kit.typeText(bea, '@find bell');
    expect(found).toMatch(/^2 matches for 'bell':\n/);
    expect(found).toMatch(/ {2}Bell Tower\(#\d+\) DefaultRoom\n/);
    expect(found).toMatch(/ {2}brass bell\(#\d+\) DefaultObject in Bea\(#\d+\)$/);
    expect(await kit.typeText(bea, 'locate ringer')).toMatch(/^1 match for 'ringer':\n {2}brass/);
    expect(await kit.typeText(bea, 'find/exact bell')).toBe("Nothing matches 'bell'.");
    expect(await kit.typeText(bea, 'find/startswith bell')).toMatch(/^1 match .*\n {2}Bell Tower/);
    expect(await kit.typeText(bea, 'find')).toMatch(/^Usage: find/);
  });

  it('finds by #id and #id range, alone or after =', async () => {
    const bea = await builder();
    const limbo = kit.limbo.id;
    const me = bea.character.id;
    expect(await kit.typeText(bea, `find #${limbo}`)).toMatch(/^1 match for #\d+:\n {2}Limbo/);
    const range = await kit.typeText(bea, `find #${limbo}-#${me}`);
    expect(range).toMatch(new RegExp(`^2 matches for #${limbo}-#${me}:`));
    expect(await kit.typeText(bea, `find bea = ${me}-${me + 5}`)).toMatch(/^1 match for 'bea', #/);
    expect(await kit.typeText(bea, `find bea = ${me + 1}-${me + 5}`)).toMatch(/^Nothing matches/);
    expect(await kit.typeText(bea, 'find bea = soon')).toMatch(/is not an id range/);
  });

  it('narrows to rooms, exits or characters, or finds by typeclass or tag', async () => {
    const bea = await builder();
    await kit.type(bea, 'tunnel n = North Hall');
    await kit.type(bea, 'create north star');
    await kit.type(bea, 'tag north star = shiny:look');
    expect(await kit.typeText(bea, 'find/room north')).toMatch(
      /^1 match for 'north', rooms:\n {2}North Hall/,
    );
    expect(await kit.typeText(bea, 'find/exit north')).toMatch(
      /^1 match .*\n {2}north\(#\d+\) DefaultExit in Limbo/,
    );
    expect(await kit.typeText(bea, 'find/char')).toMatch(/^1 match for characters:\n {2}Bea/);
    expect(await kit.typeText(bea, 'find/typeclass DefaultRoom')).toMatch(
      /^2 matches for typeclass DefaultRoom:/,
    );
    expect(await kit.typeText(bea, 'find/typeclass Nope')).toMatch(/is not a registered typeclass/);
    expect(await kit.typeText(bea, 'find/tag shiny:look')).toMatch(
      /^1 match for tag shiny\[look\]:\n {2}north star/,
    );
  });

  it('shows at most MAX_FOUND_LISTED and says how many more', async () => {
    const bea = await builder();
    for (let i = 0; i <= MAX_FOUND_LISTED; i += 1) {
      await kit.objects.create({
        typeclass: 'DefaultObject',
        key: `pebble ${i}`,
        location: kit.limbo,
      });
    }
    const found = await kit.typeText(bea, 'find pebble');
    expect(found).toMatch(new RegExp(`^${MAX_FOUND_LISTED + 1} matches`));
    expect(found).toMatch(/… and 1 more \(narrow it with a range or a switch\)$/);
  });
});
