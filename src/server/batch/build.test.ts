/**
 * Build files in a world: run twice they give the same world; a changed file changes the world
 * in place; a dry run changes nothing; a file with a bad step changes nothing at all.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isWaystoneError, type ErrorCode } from '../../shared/errors.ts';
import { WorldTestKit } from '../commands/default/character/world-test-kit.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { BuildWorld } from './build-world.ts';

let kit: WorldTestKit;
const dirs: string[] = [];
afterEach(async () => {
  await kit?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A small area; `desc` lets a test change the file between runs. */
const garden =
  (desc = 'Roses everywhere.') =>
  async (world: BuildWorld): Promise<void> => {
    const room = await world.ensureRoom({
      tag: 'garden',
      key: 'Garden',
      desc,
      attributes: { article: 'the' },
    });
    const shed = await world.ensureRoom({ tag: 'garden/shed', key: 'Shed', desc: 'Tools.' });
    await world.ensureExits(world.limbo, room, 'north;n', 'south;s');
    await world.ensureExits(room, shed, 'in;shed', 'out;o');
    await world.ensureObject({
      tag: 'garden/bench',
      key: 'stone bench',
      aliases: ['bench'],
      location: room,
      desc: 'Cold stone.',
      locks: 'get:false()',
    });
  };

const keys = () =>
  kit.objects
    .all()
    .map((o) => o.key)
    .sort();

async function failure(promise: Promise<unknown>): Promise<[ErrorCode, string]> {
  try {
    await promise;
  } catch (err) {
    if (isWaystoneError(err)) return [err.code, err.message];
    throw err;
  }
  throw new Error('expected a failure');
}

describe('a build file', () => {
  it('builds an area once, and run again finds everything and makes nothing twice', async () => {
    kit = await WorldTestKit.open();
    const first = await kit.builds.run(garden());
    expect(first).toMatchObject({ dryRun: false, created: 7, updated: 0, unchanged: 0 });
    const world = keys();
    expect(world).toEqual([
      'Garden',
      'Limbo',
      'Shed',
      'in',
      'north',
      'out',
      'south',
      'stone bench',
    ]);
    const second = await kit.builds.run(garden());
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 7 });
    expect(keys()).toEqual(world);

    // And the exits work both ways.
    const ann = await kit.player('Ann');
    expect(await kit.typeText(ann, 'n')).toMatch(/^\|cGarden\|n\nRoses everywhere\./);
    expect(await kit.typeText(ann, 'shed')).toMatch(/^\|cShed/);
    expect(await kit.typeText(ann, 'o')).toMatch(/^\|cGarden/);
    expect(await kit.typeText(ann, 'get bench')).not.toMatch(/You pick up/);
    expect(await kit.typeText(ann, 's')).toMatch(/^\|cLimbo/);
  });

  it('changes in place what the file changed, and leaves what the file does not say', async () => {
    kit = await WorldTestKit.open();
    await kit.builds.run(garden());
    const room = kit.objects.all().find((o) => o.key === 'Garden') as DefaultObject;
    room.db.smell = 'sweet'; // a builder's own touch, made by hand
    const bench = kit.objects.all().find((o) => o.key === 'stone bench') as DefaultObject;
    bench.aliases.add('seat'); // the file says exactly ['bench']
    const report = await kit.builds.run(garden('Roses, and one tulip.'));
    expect(report).toMatchObject({ created: 0, updated: 2, unchanged: 5 });
    expect(report.changes.filter((c) => c.action === 'update')).toEqual([
      { action: 'update', what: `room 'Garden' [garden] (#${room.id})`, details: ['desc'] },
      {
        action: 'update',
        what: `object 'stone bench' [garden/bench] (#${bench.id})`,
        details: ['alias seat removed'],
      },
    ]);
    expect(kit.objects.cached(room.id)?.db.desc).toBe('Roses, and one tulip.');
    expect(room.db.smell).toBe('sweet');
  });

  it('moves a thing and re-points an exit when the file says so', async () => {
    kit = await WorldTestKit.open();
    await kit.builds.run(garden());
    const moved = async (world: BuildWorld) => {
      const shed = await world.ensureRoom({ tag: 'garden/shed', key: 'Shed', desc: 'Tools.' });
      await world.ensureObject({ tag: 'garden/bench', key: 'stone bench', location: shed });
      await world.ensureExit(world.limbo, shed, 'north;n');
    };
    const report = await kit.builds.run(moved);
    expect(report.changes.map((c) => [c.action, c.details])).toEqual([
      ['same', []],
      ['update', [expect.stringMatching(/^location → Shed\(#\d+\)$/)]],
      ['update', [expect.stringMatching(/^destination → Shed\(#\d+\)$/)]],
    ]);
    const ann = await kit.player('Ann');
    expect(await kit.typeText(ann, 'n')).toMatch(/^\|cShed\|n[\s\S]*stone bench/);
  });

  it('leaves a thing a player carried off with them, until the file names another place', async () => {
    kit = await WorldTestKit.open();
    await kit.builds.run(garden());
    const ann = await kit.player('Ann');
    await kit.type(ann, 'n');
    const bench = kit.objects.all().find((o) => o.key === 'stone bench') as DefaultObject;
    bench.locks.add('get:all()');
    await kit.type(ann, 'get bench');
    expect(bench.location).toBe(ann.character);
    // (The file sets the bench's get lock again: that is a change it reports.)
    const report = await kit.builds.run(garden());
    expect(report.changes.find((c) => c.what.includes('stone bench'))?.details).toEqual([
      'lock get',
    ]);
    expect(bench.location).toBe(ann.character);
  });

  it('in a dry run lists what it would do and changes nothing', async () => {
    kit = await WorldTestKit.open();
    const before = keys();
    const plan = await kit.builds.run(garden(), { dryRun: true });
    expect(plan).toMatchObject({ dryRun: true, created: 7, updated: 0 });
    expect(plan.changes.slice(0, 3).map((c) => c.what)).toEqual([
      "room 'Garden' [garden]",
      "room 'Shed' [garden/shed]",
      `exit 'north' from Limbo(#${kit.limbo.id}) to Garden (new)`,
    ]);
    expect(keys()).toEqual(before);
    await kit.builds.run(garden());
    const after = keys();
    const again = await kit.builds.run(garden('Weeds.'), { dryRun: true });
    expect(again).toMatchObject({ created: 0, updated: 1, unchanged: 6 });
    expect(keys()).toEqual(after);
    expect(kit.objects.all().find((o) => o.key === 'Garden')?.db.desc).toBe('Roses everywhere.');
  });

  it('with a bad step anywhere changes nothing: every step is checked before any is taken', async () => {
    kit = await WorldTestKit.open();
    const before = keys();
    const broken = async (world: BuildWorld) => {
      await garden()(world);
      await world.ensureObject({ tag: 'dragon', key: 'dragon', typeclass: 'Dragon' });
    };
    expect(await failure(kit.builds.run(broken))).toEqual([
      'BUILD_INVALID',
      "ensureObject [dragon]: typeclass 'Dragon' is not registered in this game. Nothing was changed.",
    ]);
    const throws = async (world: BuildWorld) => {
      await garden()(world);
      throw new Error('a typo in the file');
    };
    expect(await failure(kit.builds.run(throws))).toEqual([
      'BUILD_FILE',
      'the build failed: a typo in the file. Nothing was changed.',
    ]);
    expect(keys()).toEqual(before);
  });

  it('refuses a tag two objects carry, a missing tag, a bad lock or prototype', async () => {
    kit = await WorldTestKit.open();
    await kit.objects.create({ typeclass: 'DefaultObject', key: 'a', tags: [['twin', 'build']] });
    await kit.objects.create({ typeclass: 'DefaultObject', key: 'b', tags: [['twin', 'build']] });
    const code = async (step: (world: BuildWorld) => Promise<unknown>) =>
      (await failure(kit.builds.run(async (w) => void (await step(w)))))[1];
    expect(await code((w) => w.ensureObject({ tag: 'twin', key: 'a' }))).toMatch(
      /the build tag 'twin' is on 2 objects \(#\d+, #\d+\)/,
    );
    expect(await code((w) => w.ensureRoom({ tag: '', key: 'x' }))).toMatch(/a tag is needed/);
    expect(await code((w) => w.ensureRoom({ tag: 'x', key: 'x', locks: 'get:(' }))).toMatch(
      /bad lock string/,
    );
    expect(await code((w) => w.ensureObject({ tag: 'x', key: 'x', prototype: 'ghost' }))).toMatch(
      /no prototype called 'ghost'/,
    );
  });

  it('makes things from prototypes, with its own fields over the prototype', async () => {
    kit = await WorldTestKit.open({ random: () => 0 });
    kit.prototypes.register({
      prototypeKey: 'lamp',
      key: 'lamp',
      attributes: { desc: 'A lamp.', oil: { $random: [3, 9] } },
    });
    const file = async (world: BuildWorld) => {
      await world.ensureObject({
        tag: 'hall/lamp',
        key: 'hall lamp',
        prototype: 'lamp',
        location: world.limbo,
        desc: 'A lamp by the door.',
      });
    };
    await kit.builds.run(file);
    await kit.builds.run(file);
    const lamps = kit.prototypes.spawnedFrom('lamp');
    expect(lamps.map((l) => [l.key, l.db.desc, l.db.oil, l.location])).toEqual([
      ['hall lamp', 'A lamp by the door.', 3, kit.limbo],
    ]);
  });

  it('runs live steps only for real, and lists them in a dry run', async () => {
    kit = await WorldTestKit.open();
    let ran = 0;
    const file = async (world: BuildWorld) => {
      await world.live('wind the clock', () => void ran++);
      world.note('The clock is wound by hand.');
    };
    const plan = await kit.builds.run(file, { dryRun: true });
    expect(ran).toBe(0);
    expect(plan.changes).toEqual([{ action: 'step', what: 'wind the clock', details: [] }]);
    expect(plan.notes).toEqual(['The clock is wound by hand.']);
    await kit.builds.run(file);
    expect(ran).toBe(1);
  });
});

describe('build files in the game directory', () => {
  function gameDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'waystone-build-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }

  const FILE = `
export default async function build(world) {
  const hut = await world.ensureRoom({ tag: 'hut', key: 'Hut', desc: 'Small.' });
  await world.ensureExits(world.limbo, hut, 'east;e', 'west;w');
}
`;

  it('runs a file by path, with or without .ts, or dotted as in Evennia; an edit shows at once', async () => {
    const dir = gameDir({ 'world/hut.ts': FILE });
    kit = await WorldTestKit.open({ gameDir: dir });
    expect(await kit.builds.runFile('world/hut.ts')).toMatchObject({
      file: 'world/hut.ts',
      created: 3,
    });
    expect(await kit.builds.runFile('world/hut')).toMatchObject({ created: 0, unchanged: 3 });
    writeFileSync(join(dir, 'world/hut.ts'), FILE.replace("'Small.'", "'Cosy.'"));
    expect(await kit.builds.runFile('world.hut')).toMatchObject({ updated: 1 });
    expect(kit.objects.all().find((o) => o.key === 'Hut')?.db.desc).toBe('Cosy.');
  });

  it('refuses files outside the game directory, missing ones, and ones without a build function', async () => {
    const dir = gameDir({ 'world/empty.ts': 'export const x = 1;\n' });
    const outside = gameDir({ 'evil.ts': FILE });
    kit = await WorldTestKit.open({ gameDir: dir });
    expect(await failure(kit.builds.runFile(join(outside, 'evil.ts')))).toEqual([
      'BUILD_FILE',
      `${join(outside, 'evil.ts')} is outside the game directory; build files must be inside it.`,
    ]);
    expect(
      (await failure(kit.builds.runFile('../' + outside.split('/').pop() + '/evil.ts')))[1],
    ).toMatch(/outside the game directory/);
    expect((await failure(kit.builds.runFile('world/nothing.ts')))[1]).toBe(
      'There is no build file world/nothing.ts in the game directory.',
    );
    expect((await failure(kit.builds.runFile('world/empty.ts')))[1]).toMatch(
      /must export default a build function/,
    );
  });

  it('batchcode runs one for Developers, and batchcode/dry shows what would change', async () => {
    const dir = gameDir({ 'world/hut.ts': FILE });
    kit = await WorldTestKit.open({ gameDir: dir });
    const dev = await kit.player('Dev', { permissions: ['Developer'] });
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    expect(await kit.typeText(bea, 'batchcode world/hut.ts')).toMatch(/not available/);
    const count = kit.objects.all().length;
    const dry = await kit.typeText(dev, 'batchcode/dry world/hut.ts');
    expect(dry).toBe(
      [
        '|wDry run of world/hut.ts|n (nothing was changed): would create 3, change 0; 0 as the file says already.',
        "  + room 'Hut' [hut]",
        `  + exit 'east' from Limbo(#${kit.limbo.id}) to Hut (new)`,
        `  + exit 'west' from Hut (new) to Limbo(#${kit.limbo.id})`,
      ].join('\n'),
    );
    expect(kit.objects.all().length).toBe(count);
    expect(await kit.typeText(dev, 'batchcode world/hut.ts')).toMatch(
      /^\|wRan world\/hut.ts\|n: created 3, changed 0; 0 as the file says already\.\n {2}\+ room 'Hut' \[hut\] \(#\d+\)/,
    );
    expect(await kit.typeText(dev, '@batchcode world/hut')).toBe(
      '|wRan world/hut.ts|n: created 0, changed 0; 3 as the file says already.',
    );
    expect(kit.objects.all().length).toBe(count + 3);
    expect(await kit.typeText(dev, 'batchcode /etc/passwd')).toMatch(
      /outside the game directory|no build file/,
    );
    expect(await kit.typeText(dev, 'batchcode')).toMatch(/^Usage: batchcode/);
  });
});
