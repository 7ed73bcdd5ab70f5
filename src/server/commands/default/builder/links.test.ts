import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

async function builder() {
  kit = await WorldTestKit.open();
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('link, unlink and sethome', () => {
  it('link points an exit at another room, shows it, and unlink takes it away', async () => {
    const bea = await builder();
    await kit.type(bea, 'tunnel n = Garden');
    await kit.type(bea, 'dig Pond');
    expect(await kit.typeText(bea, '@link north = Pond')).toMatch(
      /^Linked north\(#\d+\) in Limbo\(#\d+\) to Pond\(#\d+\)\.$/,
    );
    expect(await kit.typeText(bea, 'n')).toMatch(/^\|cPond/);
    await kit.type(bea, `tel limbo`);
    expect(await kit.typeText(bea, 'link north')).toMatch(
      /^north\(#\d+\) leads to Pond\(#\d+\)\.$/,
    );
    expect(await kit.typeText(bea, 'unlink north')).toMatch(/no longer leads to Pond/);
    expect(await kit.typeText(bea, 'n')).toBe('You cannot go there.');
    expect(await kit.typeText(bea, 'link north')).toMatch(/is not linked/);
    expect(await kit.typeText(bea, 'link north =')).toMatch(/was not linked/);
    expect(await kit.typeText(bea, 'link north = me')).toMatch(/is not a room/);
    expect(await kit.typeText(bea, 'link')).toMatch(/^Usage: link/);
  });

  it("link/twoway joins two exits to each other's rooms", async () => {
    const bea = await builder();
    const hall = await kit.objects.create({ typeclass: 'DefaultRoom', key: 'Hall' });
    await kit.type(bea, 'open trapdoor = Hall');
    await kit.type(bea, 'tel hall');
    await kit.type(bea, 'open ladder = Limbo');
    await kit.type(bea, 'dig Attic');
    await kit.type(bea, 'link ladder = Attic');
    expect(await kit.typeText(bea, 'link/twoway ladder = trapdoor')).toMatch(
      /^Linked ladder\(#\d+\) to Limbo\(#\d+\) and trapdoor\(#\d+\) back to Hall\(#\d+\)\.$/,
    );
    expect(await kit.typeText(bea, 'ladder')).toMatch(/^\|cLimbo/);
    expect(await kit.typeText(bea, 'trapdoor')).toMatch(/^\|cHall/);
    expect(hall.contents.some((o) => o.key === 'ladder')).toBe(true);
    expect(await kit.typeText(bea, 'link/twoway ladder = me')).toMatch(/links two exits/);
  });

  it('link on a thing sets its home; sethome shows and sets homes', async () => {
    const bea = await builder();
    await kit.type(bea, 'dig Shed');
    await kit.type(bea, 'create rake');
    expect(await kit.typeText(bea, 'link rake = Shed')).toMatch(
      /rake\(#\d+\) is not an exit; its home is now Shed/,
    );
    expect(await kit.typeText(bea, 'sethome rake')).toMatch(
      /^rake\(#\d+\)'s home is Shed\(#\d+\)\.$/,
    );
    expect(await kit.typeText(bea, '@sethome rake = Limbo')).toMatch(
      /^rake\(#\d+\)'s home is now Limbo\(#\d+\) \(was Shed\(#\d+\)\)\.$/,
    );
    const [rake] = await kit.objects.find({ key: 'rake' });
    expect(rake?.home).toBe(kit.limbo);
    expect(await kit.typeText(bea, 'sethome rake = rake')).toMatch(
      /cannot have its home inside itself/,
    );
    expect(await kit.typeText(bea, 'sethome limbo = Shed')).toMatch(/don't have permission/);
    expect(await kit.typeText(bea, 'sethome')).toMatch(/^Usage: sethome/);
  });
});
