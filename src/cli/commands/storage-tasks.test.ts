/**
 * createsuperuser and the first-start question on a real SQLite game database, answered through
 * a fake terminal: refused answers are asked again, a name already in the database is refused
 * when typed, and a person who gives up leaves the game unstarted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildConfig, type Config } from '../../config/load.ts';
import { EXIT } from '../exit-codes.ts';
import { Prompt } from '../prompt.ts';
import { createSuperuser, ensureSuperuser, openGameStorage } from './storage-tasks.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function gameConfig(): Config {
  const dir = mkdtempSync(join(tmpdir(), 'waystone-superuser-'));
  dirs.push(dir);
  // The cheapest argon2 the settings allow: these tests check the questions, not the hashing.
  return buildConfig(dir, { argon2MemoryCost: 1024, argon2TimeCost: 1 }, {}).config;
}

/** A prompt whose input already holds these lines, as if typed ahead. */
function typed(...lines: string[]): Prompt {
  const input = new PassThrough();
  input.end(lines.map((l) => `${l}\n`).join(''));
  return new Prompt(input, { write: () => true });
}

async function superusers(config: Config): Promise<string[]> {
  const storage = await openGameStorage(config);
  try {
    const rows = await Promise.all(
      ['ann', 'bob'].map((key) => storage.accounts.findByNameKey(key)),
    );
    return rows.filter((r) => r?.isSuperuser).map((r) => r!.name);
  } finally {
    await storage.close();
  }
}

describe('createsuperuser in a terminal', () => {
  it('asks again after a refused name, a refused password and a differing confirmation', async () => {
    const config = gameConfig();
    const printed: string[] = [];
    const code = await createSuperuser(
      config,
      {},
      (l) => printed.push(l),
      typed(
        'Al',
        'Ann',
        'Ann12345',
        'correct horse',
        'correct hrose',
        'correct horse',
        'correct horse',
      ),
    );
    expect(code).toBe(EXIT.OK);
    expect(printed).toEqual([
      'Account names must be 3 to 30 characters long.',
      expect.stringMatching(/too close to your account name/),
      'The two passwords differ; type the password again.',
      "Superuser 'Ann' created. Log in with: connect Ann <password>",
    ]);
    expect(await superusers(config)).toEqual(['Ann']);
  });

  it('refuses a name already in the database as soon as it is typed', async () => {
    const config = gameConfig();
    await createSuperuser(
      config,
      { name: 'Ann', password: 'correct horse' },
      () => undefined,
      null,
    );
    const printed: string[] = [];
    const code = await createSuperuser(
      config,
      {},
      (l) => printed.push(l),
      typed('ANN', 'Bob', 'battery staple', 'battery staple'),
    );
    expect(code).toBe(EXIT.OK);
    expect(printed[0]).toBe("An account called 'Ann' already exists.");
    expect(await superusers(config)).toEqual(['Ann', 'Bob']);
  });

  it('gives up after three refused passwords and exits non-zero, creating nothing', async () => {
    const config = gameConfig();
    const printed: string[] = [];
    const code = await createSuperuser(
      config,
      {},
      (l) => printed.push(l),
      typed('Ann', '1234', '12345678', 'Ann-Ann-Ann'),
    );
    expect(code).toBe(EXIT.FAILED);
    expect(printed.at(-1)).toBe('3 passwords were refused; giving up. No superuser was created.');
    expect(await superusers(config)).toEqual([]);
  });

  it('without a terminal needs both --name and --password', async () => {
    const printed: string[] = [];
    expect(await createSuperuser(gameConfig(), { name: 'Ann' }, (l) => printed.push(l), null)).toBe(
      EXIT.USAGE,
    );
    expect(printed[0]).toMatch(/needs --name and --password/);
  });
});

describe('the first start without a superuser', () => {
  it('does not let the game start when the questions end without a superuser', async () => {
    const config = gameConfig();
    const printed: string[] = [];
    expect(await ensureSuperuser(config, (l) => printed.push(l), typed('x', 'y', 'z'))).toBe(false);
    expect(printed.slice(-2)).toEqual([
      '3 names were refused; giving up. No superuser was created.',
      expect.stringMatching(/^The game was not started\..*waystone createsuperuser --game-dir/),
    ]);
  });

  it('starts once a superuser is made, and asks nothing the next time', async () => {
    const config = gameConfig();
    expect(
      await ensureSuperuser(
        config,
        () => undefined,
        typed('Ann', 'correct horse', 'correct horse'),
      ),
    ).toBe(true);
    const printed: string[] = [];
    expect(await ensureSuperuser(config, (l) => printed.push(l), typed())).toBe(true);
    expect(printed).toEqual([]);
  });

  it('without a terminal says how to make one and lets the game start', async () => {
    const printed: string[] = [];
    expect(await ensureSuperuser(gameConfig(), (l) => printed.push(l), null)).toBe(true);
    expect(printed[0]).toMatch(/waystone createsuperuser/);
  });
});
