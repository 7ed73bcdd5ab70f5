/**
 * Testing the world without sockets: the world test kit runs this game's setup (its
 * typeclasses and its world builder) on an in-memory database, and players type commands.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renderForFlags, WorldTestKit } from 'waystone';
import setup from '../game.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

describe('the default world', () => {
  it('leads from Limbo to the courtyard, the library and the tower, and back', async () => {
    kit = await WorldTestKit.open({ setup });
    const ann = await kit.player('Ann');
    expect(await kit.typeText(ann, 'look')).toMatch(/Exits:\|n north/);
    expect(await kit.typeText(ann, 'n')).toMatch(/^\|cCourtyard\|n[\s\S]*brass lantern/);
    expect(await kit.typeText(ann, 'e')).toMatch(/^\|cLibrary\|n[\s\S]*worn book/);
    expect(await kit.typeText(ann, 'w')).toMatch(/^\|cCourtyard/);
    expect(await kit.typeText(ann, 'u')).toMatch(/^\|cBell Tower\|n[\s\S]*bronze bell/);
    expect(await kit.typeText(ann, 'd')).toMatch(/^\|cCourtyard/);
    expect(await kit.typeText(ann, 's')).toMatch(/^\|cLimbo/);
  });

  it('has things to pick up, and a bell too heavy to carry', async () => {
    kit = await WorldTestKit.open({ setup });
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob');
    await kit.type(bob, 'north');
    await kit.type(ann, 'north');
    expect(await kit.typeText(ann, 'look')).toContain('|wYou see:|n a brass lantern');
    bob.take();
    expect(await kit.typeText(ann, 'get lantern')).toBe('You pick up a brass lantern.');
    expect(bob.take()).toEqual(['Ann picks up a brass lantern.']);
    expect(await kit.typeText(ann, 'drop lantern')).toBe('You drop a brass lantern.');
    await kit.type(ann, 'up');
    expect(await kit.typeText(ann, 'get bell')).toBe('The bell is far too heavy to lift.');
  });

  it('tells the rooms who leaves for where and who arrives from where, in plain English', async () => {
    kit = await WorldTestKit.open({ setup });
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob');
    await kit.type(ann, 'north');
    expect(bob.take()).toEqual(['Ann leaves for the Courtyard.']);
    await kit.type(bob, 'north');
    expect(ann.take()).toEqual(['Bob arrives from Limbo.']);
    await kit.type(ann, 'up');
    await kit.type(ann, 'down');
    expect(bob.take()).toEqual([
      'Ann leaves for the Bell Tower.',
      'Ann arrives from the Bell Tower.',
    ]);
  });

  it('colours the Bell Tower, and makes "ring" a link for clients that show links', async () => {
    kit = await WorldTestKit.open({ setup });
    const ann = await kit.player('Ann');
    await kit.type(ann, 'n');
    const tower = await kit.typeText(ann, 'u');
    const ESC = '\u001b';
    expect(renderForFlags(tower, { ANSI: true })).toContain(`could ${ESC}[1;37mring${ESC}[0m it`);
    expect(renderForFlags(tower, { ANSI: true, MXP: true })).toContain(
      `${ESC}[4z<SEND HREF="ring">${ESC}[1;37mring`,
    );
    expect(renderForFlags(tower, {}, 'html')).toContain(
      '<a data-command="ring"><span class="ansi-fg-15 ansi-bold">ring</span></a>',
    );
    expect(renderForFlags(tower, { NOCOLOR: true })).toContain('you could ring it.');
  });

  it('lets you look at a thing as players write it: look bell, look at bell', async () => {
    kit = await WorldTestKit.open({ setup });
    const ann = await kit.player('Ann');
    await kit.type(ann, 'n');
    await kit.type(ann, 'u');
    expect(await kit.typeText(ann, 'look bell')).toMatch(/^\|cbronze bell\|n\nGreen with age/);
    expect(await kit.typeText(ann, 'look at bell')).toMatch(/^\|cbronze bell\|n\nGreen with age/);
    expect(await kit.typeText(ann, 'l at the bronze bell')).toMatch(/^\|cbronze bell/);
    expect(await kit.typeText(ann, 'look at the gong')).toBe("Could not find 'gong'.");
    expect(await kit.typeText(ann, 'look at')).toBe('Look at what?');
  });

  it('lends `ring` only while you stand by the bell; the room and the rooms nearby hear it', async () => {
    kit = await WorldTestKit.open({ setup });
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob');
    expect(await kit.typeText(ann, 'ring')).toMatch(/Command 'ring' is not available/);
    await kit.type(ann, 'n');
    await kit.type(bob, 'n');
    await kit.type(ann, 'u');
    bob.take();
    expect(await kit.typeText(ann, 'ring')).toBe(
      'You ring the bronze bell. BONG! (Rung 1 time so far.)',
    );
    expect(bob.take()).toEqual(['A bell rings somewhere close by.']);
    await kit.type(bob, 'u');
    bob.take();
    await kit.type(ann, 'ring');
    expect(bob.take()).toEqual(['Ann rings the bronze bell. BONG!']);
  });
});
