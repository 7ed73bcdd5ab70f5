/**
 * The builders' toolkit, black-box over telnet against a real game: a prototype spawned,
 * changed (`spawn/save` again) and brought up to date in place (`spawn/update`); `sethelp`, then
 * `help <topic>` and `help <category>` for another player, also after a reload; a build file run
 * twice giving the same world (the objects counted in the game's database), and a dry run that
 * changes nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/server/storage/open-storage.ts';
import { stripAnsi } from '../../src/shared/markup/index.ts';
import { GameProcess, makeGameDir, runLauncher } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const GAME_CODE = `
import type { GameSetup } from 'waystone';

export default function setup(game: GameSetup): void {
  game.prototypes.register({
    prototypeKey: 'lamp',
    key: 'oil lamp',
    attributes: { desc: 'A lamp of |yclay|n.' },
  });
}
`;

const buildFile = (hallDesc: string) => `
import type { BuildWorld } from 'waystone';

export default async function build(world: BuildWorld): Promise<void> {
  const hall = await world.ensureRoom({ tag: 'e2e/hall', key: 'Great Hall', desc: ${JSON.stringify(hallDesc)} });
  await world.ensureExits(world.limbo, hall, 'east;e', 'west;w');
  await world.ensureObject({
    tag: 'e2e/throne',
    key: 'oak throne',
    aliases: ['throne'],
    location: hall,
    desc: 'Carved with oak leaves.',
    locks: 'get:false()',
  });
}
`;

async function connect(game: GameProcess, name: string, password: string, create = true) {
  const c = await TelnetClient.open(game.telnetPort);
  await c.waitFor('Welcome');
  if (create) {
    await c.exchange(`create ${name} "${password}"`, '[Y/n]');
    await c.exchange('y', 'was created');
  }
  await c.exchange(`connect ${name} "${password}"`, `You become ${name}.`);
  return c;
}

describe('prototypes, help and build files over telnet', () => {
  let game: GameProcess;
  let dir: string;
  let root: TelnetClient;

  /**
   * Objects in the game's database, read beside the running game as the launcher's own tasks do
   * (SQLite in WAL mode lets another process read).
   */
  const countObjects = async (): Promise<number> => {
    const storage = await openStorage({
      gameDir: dir,
      databaseUrl: '',
      databaseFile: 'game.sqlite3',
      log: pino({ level: 'silent' }),
      migrate: false,
    });
    try {
      return await storage.objects.count();
    } finally {
      await storage.close();
    }
  };

  beforeAll(async () => {
    dir = makeGameDir({}, GAME_CODE);
    mkdirSync(join(dir, 'world'));
    writeFileSync(join(dir, 'world', 'area.ts'), buildFile('Banners hang from the |rred|n walls.'));
    game = await GameProcess.start({
      dir,
      env: { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' },
    });
    const made = await runLauncher([
      'createsuperuser',
      '--game-dir',
      dir,
      '--name',
      'Root',
      '--password',
      'seven silver keys',
    ]);
    expect(made.code).toBe(0);
    root = await connect(game, 'Root', 'seven silver keys', false);
  });

  afterAll(async () => {
    root?.close();
    await game?.stop();
  });

  it('spawns a prototype, and spawn/update brings the spawned object up to the changed prototype', async () => {
    await root.exchange(
      'spawn/save goblin = {"key": "goblin", "attributes": {"desc": "A small goblin.", "hp": {"$random": [5, 10]}}}',
      "Prototype 'goblin' saved.",
    );
    const spawned = await root.exchange('spawn goblin', /Spawned goblin\(#\d+\)\./);
    const id = /Spawned goblin\(#(\d+)\)/.exec(spawned)?.[1];
    await root.exchange('look goblin', 'A small goblin.');
    const before = await countObjects();

    await root.exchange(
      'spawn/save goblin = {"key": "goblin", "attributes": {"desc": "A goblin in |rred|n armour.", "hp": {"$random": [5, 10]}}}',
      "Prototype 'goblin' replaced. 1 object was spawned from the old one",
    );
    // Saving the prototype changes no object by itself.
    await root.exchange('look goblin', 'A small goblin.');
    const updated = await root.exchange(
      'spawn/update goblin',
      /Updated 1 object spawned from 'goblin'\.\s+goblin\(#\d+\): attribute desc/,
    );
    expect(updated).toContain(`goblin(#${id})`);
    // The same object, changed in place; its colour rendered, not shown as codes.
    const looked = await root.exchange('look goblin', 'armour.');
    expect(stripAnsi(looked)).toContain('A goblin in red armour.');
    expect(looked).not.toContain('|r');
    expect(await countObjects()).toBe(before);

    await root.exchange('spawn lamp', /Spawned oil lamp\(#\d+\)\./);
    await root.exchange(
      'spawn/update goblin',
      "Updated 0 objects spawned from 'goblin'; 1 already up to date.",
    );
    await root.exchange('spawn/save bad = {"prototypeParent": "nobody"}', "names parent 'nobody'");
  });

  it('sethelp writes a topic another player reads with help <topic> and help <category>, also after a reload', async () => {
    await root.exchange(
      'sethelp Tides;tide, Lore = The sea comes |ytwice|n a day.|/Mind the rocks.',
      "Help entry 'Tides' created (category Lore; aliases tide).",
    );
    const ann = await connect(game, 'Ann', 'pale moon rising');
    const topic = await ann.exchange('help tide', 'Mind the rocks.');
    expect(topic).toMatch(/Help for Tides[\s\S]*\(aliases: tide\) \[Lore\]/);
    expect(stripAnsi(topic)).toContain('The sea comes twice a day.');
    expect(topic).not.toContain('|y');
    await ann.exchange('help lore', /Help topics in Lore[\s\S]*Tides +The sea comes/);
    await ann.exchange('sethelp x = y', "Command 'sethelp' is not available");

    expect((await game.launcher(['reload'])).code).toBe(0);
    await ann.exchange('help tides', 'Mind the rocks.');
    await root.exchange('sethelp/delete tides', "Deleted help entry 'Tides'.");
    await ann.exchange('help tides', "No help found for 'tides'.");
    ann.close();
  });

  it('runs a build file twice for the same world; a dry run changes nothing', async () => {
    const start = await countObjects();
    await root.exchange(
      'batchcode/dry world/area.ts',
      /Dry run of world\/area.ts[\s\S]*would create 4, change 0[\s\S]*\+ exit 'west' from Great Hall \(new\)/,
    );
    expect(await countObjects()).toBe(start);

    await root.exchange('batchcode world/area.ts', /Ran world\/area.ts[\s\S]*created 4, changed 0/);
    expect(await countObjects()).toBe(start + 4);
    await root.exchange(
      'batchcode world/area.ts',
      /Ran world\/area.ts[\s\S]*created 0, changed 0; 4 as the file says already\./,
    );
    expect(await countObjects()).toBe(start + 4);

    await root.exchange('east', 'Banners hang from the');
    await root.exchange('look throne', 'Carved with oak leaves.');
    await root.exchange('west', 'Limbo');

    // An edit to the file reaches the running game on the next run, in place.
    writeFileSync(join(dir, 'world', 'area.ts'), buildFile('Tapestries hang where banners were.'));
    await root.exchange(
      'batchcode/dry world/area.ts',
      /would create 0, change 1[\s\S]*~ room 'Great Hall'/,
    );
    await root.exchange('east', 'Banners hang from the');
    await root.exchange('batchcode world/area.ts', /created 0, changed 1/);
    await root.exchange('look', 'Tapestries hang where banners were.');
    expect(await countObjects()).toBe(start + 4);
    await root.exchange('batchcode ../outside.ts', /outside the game directory|no build file/);
  });
});
