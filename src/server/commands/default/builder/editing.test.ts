import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

async function builder() {
  kit = await WorldTestKit.open();
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('describe, set, lock, examine, teleport', () => {
  it("describe sets what look shows, as the builder's markup (colour, |/, links)", async () => {
    const bea = await builder();
    await kit.type(bea, 'dig/tel Study');
    expect(
      await kit.typeText(bea, 'describe here = Dusty |rshelves.|/A |lclook|ltdesk|le.'),
    ).toMatch(/^The description was set on Study/);
    expect(await kit.typeText(bea, 'look')).toContain('Dusty |rshelves.|/A |lclook|ltdesk|le.');
    // As stored, for the builder to edit: the codes shown, not obeyed.
    expect(await kit.typeText(bea, '@describe here')).toMatch(
      /^Study\(#\d+\): Dusty \|\|rshelves\.\|\|\/A \|\|lclook/,
    );
    expect(await kit.typeText(bea, 'describe limbo = mine')).toMatch(/don't have permission/);
    expect(await kit.typeText(bea, `describe here = ${'x'.repeat(10_001)}`)).toMatch(/too long/);
  });

  it('set stores JSON or text, shows it, and deletes it with nothing after =', async () => {
    const bea = await builder();
    await kit.type(bea, 'create bell');
    expect(await kit.typeText(bea, 'set bell/rings = 3')).toMatch(
      /^Set bell\(#\d+\)\/rings = 3\.$/,
    );
    const [bell] = bea.character.contents;
    expect(bell?.db.rings).toBe(3);
    expect(await kit.typeText(bea, 'set bell/tone = low and |rloud')).toMatch(
      /\/tone = "low and \|\|rloud"\.$/,
    );
    expect(await kit.typeText(bea, 'set bell/tags = ["a", 1]')).toMatch(/\/tags = \["a",1\]\.$/);
    expect(await kit.typeText(bea, 'set bell/rings')).toMatch(/\/rings = 3$/);
    expect(await kit.typeText(bea, 'set bell/rings =')).toMatch(/^Deleted bell\(#\d+\)\/rings\.$/);
    expect(await kit.typeText(bea, 'set bell/rings')).toMatch(/\/rings is not set\.$/);
    expect(await kit.typeText(bea, 'set bell/9lives = 1')).toMatch(/is not an attribute name/);
    expect(await kit.typeText(bea, 'set bell')).toMatch(/^Usage: set/);
  });

  it('lock shows and adds locks, refusing a malformed lock string clearly', async () => {
    const bea = await builder();
    await kit.type(bea, 'create anvil');
    expect(await kit.typeText(bea, 'lock anvil = get:perm(Admin)')).toMatch(
      /^Added lock 'get:perm\(Admin\)' to anvil\(#\d+\)\.$/,
    );
    expect(await kit.typeText(bea, 'lock anvil')).toMatch(/get:perm\(Admin\)/);
    const bad = await kit.typeText(bea, 'lock anvil = get:nosuchfunc()');
    expect(bad).toMatch(/^Invalid lock string: .*nosuchfunc/);
    expect(await kit.typeText(bea, 'lock/del anvil/get')).toMatch(
      /^Removed the get lock from anvil/,
    );
    expect(await kit.typeText(bea, 'lock anvil = nonsense')).toMatch(/^Invalid lock string/);
  });

  it('examine shows a builder what an object is made of', async () => {
    const bea = await builder();
    await kit.type(bea, 'dig Yard;y = out;o, in');
    await kit.type(bea, 'create rake;r');
    await kit.type(bea, 'set rake/teeth = 12');
    const rake = await kit.typeText(bea, 'examine rake');
    expect(rake).toMatch(/Name\/key\|n +rake \(#\d+\)/);
    expect(rake).toMatch(/Typeclass\|n +DefaultObject/);
    expect(rake).toMatch(/Location\|n +Bea\(#\d+\)/);
    expect(rake).toMatch(/Aliases\|n +r/);
    expect(rake).toMatch(/Locks\|n +.*control:id\(\d+\) or perm\(Admin\)/);
    expect(rake).toMatch(/\n {2}teeth +12/);
    const exit = await kit.typeText(bea, 'ex out');
    expect(exit).toMatch(/Destination\|n +Yard\(#\d+\)/);
    expect(exit).toMatch(/Cmdsets\|n +ExitCmdSet \(101\)/);
    expect(await kit.typeText(bea, 'ex me')).toMatch(/Cmdsets\|n +DefaultCharacter \(0\)/);
    expect(await kit.typeText(bea, 'examine')).toMatch(/Exits\|n +.*out\(#\d+\)/);
  });

  it('teleport moves you or something else, and the rooms see it', async () => {
    const bea = await builder();
    const ann = await kit.player('Ann');
    const tower = await kit.objects.create({ typeclass: 'DefaultRoom', key: 'Tower' });
    expect(await kit.typeText(bea, 'tel tower')).toMatch(/^\|cTower/);
    expect(ann.take()).toEqual(['Bea leaves for Tower.']);
    expect(await kit.typeText(bea, 'teleport ann = here')).toMatch(
      /Teleported Ann\(#\d+\) -> Tower/,
    );
    expect(ann.character.location).toBe(tower);
    expect(ann.take().join('\n')).toMatch(/Bea teleports you away\.[\s\S]*\|cTower/);
    expect(await kit.typeText(bea, `tel #${tower.id}`)).toMatch(/You are already in Tower/);
    expect(await kit.typeText(bea, 'tel me = me')).toMatch(/into itself/);
  });
});
