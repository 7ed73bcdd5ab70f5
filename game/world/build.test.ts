/**
 * world/build.ts is a build file: run again — by staff with `batchcode world/build.ts`, or here
 * — it finds everything it made and makes nothing twice; an edit to the world by hand that the
 * file does not cover stays, and one it does cover is put back.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from 'waystone';
import setup from '../game.ts';
import build from './build.ts';

const GAME_DIR = fileURLToPath(new URL('..', import.meta.url));

let kit: WorldTestKit;
afterEach(async () => kit?.close());

describe('the world build file', () => {
  it('run again gives the same world', async () => {
    kit = await WorldTestKit.open({ setup, gameDir: GAME_DIR });
    const before = kit.objects.all().map((o) => `${o.id} ${o.typeclass} ${o.key}`);
    const report = await kit.builds.run(build);
    expect(report).toMatchObject({ created: 0, updated: 0 });
    expect(report.unchanged).toBeGreaterThan(10);
    expect(kit.objects.all().map((o) => `${o.id} ${o.typeclass} ${o.key}`)).toEqual(before);
  });

  it('batchcode puts back what the file says and leaves the rest; the dry run says so first', async () => {
    kit = await WorldTestKit.open({ setup, gameDir: GAME_DIR });
    const dev = await kit.player('Dev', { permissions: ['Developer'] });
    await kit.type(dev, 'n');
    await kit.type(dev, 'describe here = Scaffolding everywhere.');
    await kit.type(dev, 'set here/smell = rain');
    const count = kit.objects.all().length;
    expect(await kit.typeText(dev, 'batchcode/dry world/build.ts')).toMatch(
      /^\|wDry run of world\/build.ts\|n \(nothing was changed\): would create 0, change 1;[\s\S]*~ room 'Courtyard' \[demo\/courtyard\] \(#\d+\): desc$/,
    );
    expect(await kit.typeText(dev, 'look')).toMatch(/Scaffolding everywhere/);
    expect(await kit.typeText(dev, 'batchcode world/build.ts')).toMatch(
      /^\|wRan world\/build.ts\|n: created 0, changed 1;/,
    );
    expect(await kit.typeText(dev, 'look')).toMatch(/A square of worn flagstones/);
    expect(kit.services.startRoom().contents.length).toBeGreaterThan(0);
    expect(dev.character.location?.db.smell).toBe('rain');
    expect(kit.objects.all().length).toBe(count);
  });

  it('ships a help topic for builders, and a prototype to spawn', async () => {
    kit = await WorldTestKit.open({ setup, gameDir: GAME_DIR, random: () => 0 });
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    expect(await kit.typeText(bea, 'help building this world')).toMatch(
      /^\|wHelp for building this world\|n \(aliases: world building, batchcode world\) \[Building\]\nThe world of this game is built by/,
    );
    expect(await kit.typeText(bea, 'spawn candle')).toMatch(/^Spawned red candle\(#\d+\)\.$/);
    const pat = await kit.player('Pat');
    expect(await kit.typeText(pat, 'help building this world')).toMatch(/^No help found/);
  });
});
