/**
 * The multisession modes (REFERENCE.md §6–§7), black-box over telnet, one game per mode:
 * what a login does (puppet at once, or show the character list), what a second login of the
 * same account does (kick, share, or stand apart), what `ic` on a character held by another of
 * your own sessions does (take over or share), that another account cannot take it, that a
 * room's `say` reaches every puppeting session exactly once, and that puppets and where they
 * stand survive a reload and a `kill -9` of the Server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir, waitUntil } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const FAST = {
  WAYSTONE_ARGON2_MEMORY_COST: '4096',
  WAYSTONE_ARGON2_TIME_COST: '1',
  WAYSTONE_ACCOUNT_CREATION_LIMIT: '50',
};

const send = (c: TelnetClient, line: string, expected: string | RegExp): Promise<string> =>
  c.exchange(line, expected);

async function connect(
  game: GameProcess,
  name: string,
  password: string,
  expected: string | RegExp,
): Promise<TelnetClient> {
  const c = await TelnetClient.open(game.telnetPort);
  await c.waitFor('Welcome');
  await send(c, `connect ${name} "${password}"`, expected);
  return c;
}

async function createAccount(game: GameProcess, name: string, password: string): Promise<void> {
  const c = await TelnetClient.open(game.telnetPort);
  await c.waitFor('Welcome');
  await send(c, `create ${name} "${password}"`, '[Y/n]');
  await send(c, 'y', 'was created');
  c.close();
}

/** Nothing more is on its way: give stray duplicates a moment to show up before counting. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 300));

async function killServer(game: GameProcess): Promise<void> {
  const before = await game.status();
  const pid = before.server.pid;
  expect(pid).toBeTruthy();
  process.kill(pid!, 'SIGKILL');
  await waitUntil(
    'a new Server',
    async () => {
      const s = await game.status().catch(() => null);
      return s?.server.state === 'running' && s.server.pid !== pid ? s : null;
    },
    30_000,
  );
}

/** A game whose world has a courtyard north of Limbo, to stand somewhere else in. */
const WORLD = `
import type { GameSetup } from 'waystone';
export default function setup(game: GameSetup): void {
  game.onWorldCreated(async (limbo) => {
    const { objects } = game.services;
    const yard = await objects.create({ typeclass: 'DefaultRoom', key: 'Courtyard' });
    await objects.create({
      typeclass: 'DefaultExit', key: 'north', aliases: ['n'], location: limbo, destination: yard,
    });
  });
}
`;

async function startGame(mode: number, env: Record<string, string> = {}): Promise<GameProcess> {
  return GameProcess.start({
    dir: makeGameDir({}, WORLD),
    env: { ...FAST, WAYSTONE_MULTISESSION_MODE: String(mode), ...env },
  });
}

describe('multisession mode 0: one session, one character', () => {
  let game: GameProcess;
  const open: TelnetClient[] = [];
  beforeAll(async () => {
    game = await startGame(0);
    await createAccount(game, 'Ann', 'pale moon rising');
    await createAccount(game, 'Bob', 'dark river flows');
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await game?.stop();
  });

  it('puppets at login; a second login kicks the first; another account cannot take the character', async () => {
    const first = await connect(game, 'Ann', 'pale moon rising', 'You become Ann.');
    open.push(first);
    const second = await connect(game, 'Ann', 'pale moon rising', 'You become Ann.');
    open.push(second);
    await first.waitFor('Logged in from elsewhere. Disconnecting.');
    await first.closed;

    const bob = await connect(game, 'Bob', 'dark river flows', 'You become Bob.');
    open.push(bob);
    const ann = await send(second, 'ooc', 'You go OOC.');
    expect(ann).toContain('Your characters (1 of 1)');
    await send(bob, 'ooc', 'You go OOC.');
    await send(bob, 'ic Ann', "You have no character called 'Ann'.");
    await send(bob, 'ic', 'You become Bob.');
    await send(second, 'ic Ann', 'You become Ann.');
    await send(second, 'ic Ann', 'You are already puppeting this object.');
    await send(bob, 'say hello', 'You say, "hello"');
    await second.waitFor('Bob says, "hello"');
    await settle();
    expect(second.count('Bob says, "hello"')).toBe(1);
  });

  it('keeps the client settings a player chose with option for later logins', async () => {
    const c = await connect(game, 'Bob', 'dark river flows', 'You become Bob.');
    open.push(c);
    await send(c, 'option NOCOLOR = on', 'NOCOLOR set to true (saved for your next logins).');
    await send(c, 'option SCREENWIDTH = lots', "'lots' is not a valid value for SCREENWIDTH.");
    await send(c, 'option TTYPE = x', "There is no setting 'TTYPE'.");
    c.send('quit');
    await c.closed;
    const again = await connect(game, 'Bob', 'dark river flows', 'You become Bob.');
    open.push(again);
    await send(again, 'option NOCOLOR', 'NOCOLOR is true.');
    await send(again, 'option/clear', 'Saved settings forgotten');
  });

  it('keeps puppets and locations through a reload and a kill -9 of the Server', async () => {
    const ann = await connect(game, 'Ann', 'pale moon rising', 'You become Ann.');
    open.push(ann);
    await send(ann, 'north', 'Courtyard');
    expect((await game.launcher(['reload'])).code).toBe(0);
    await game.waitForServer('running');
    await send(ann, 'look', /^Courtyard/m);
    await send(ann, 'say after reload', 'You say, "after reload"');
    await killServer(game);
    await send(ann, 'look', /^Courtyard/m);
    await send(ann, 'say after crash', 'You say, "after crash"');
    expect(ann.count('has entered the game')).toBe(0);
    // And after logging out and in again, Ann is where she left off.
    ann.send('quit');
    await ann.closed;
    const back = await connect(game, 'Ann', 'pale moon rising', 'You become Ann.');
    open.push(back);
    await send(back, 'look', /^Courtyard/m);
  });
});

describe('multisession mode 1: many sessions sharing one character', () => {
  let game: GameProcess;
  const open: TelnetClient[] = [];
  beforeAll(async () => {
    game = await startGame(1);
    await createAccount(game, 'Ann', 'pale moon rising');
    await createAccount(game, 'Bob', 'dark river flows');
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await game?.stop();
  });

  it('shares the puppet between sessions; the room hears arrival, speech and departure once', async () => {
    const bob = await connect(game, 'Bob', 'dark river flows', 'You become Bob.');
    open.push(bob);
    const a1 = await connect(game, 'Ann', 'pale moon rising', 'You become Ann.');
    open.push(a1);
    await bob.waitFor('Ann has entered the game.');
    const a2 = await connect(game, 'Ann', 'pale moon rising', 'You become Ann.');
    open.push(a2);
    expect(a2.text).toContain('Sharing Ann with another of your sessions.');
    expect(a1.text).not.toContain('Logged in from elsewhere');

    await send(bob, 'say hi Ann', 'You say, "hi Ann"');
    await a1.waitFor('Bob says, "hi Ann"');
    await a2.waitFor('Bob says, "hi Ann"');
    // Ann's say, typed in one session, is seen by Bob once.
    await send(a2, 'say hi Bob', 'You say, "hi Bob"');
    await bob.waitFor('Ann says, "hi Bob"');
    await settle();
    expect(a1.count('Bob says, "hi Ann"')).toBe(1);
    expect(a2.count('Bob says, "hi Ann"')).toBe(1);
    expect(bob.count('Ann says, "hi Bob"')).toBe(1);
    expect(bob.count('Ann has entered the game.')).toBe(1);

    // One session leaving keeps Ann in the game; the last one takes her out.
    a1.send('quit');
    await a1.closed;
    await send(bob, 'look', /Ann/);
    expect(bob.text).not.toContain('Ann has left the game.');
    a2.send('quit');
    await a2.closed;
    await bob.waitFor('Ann has left the game.');
  });
});

describe('multisession mode 2: each session its own character', () => {
  let game: GameProcess;
  const open: TelnetClient[] = [];
  beforeAll(async () => {
    game = await startGame(2);
    await createAccount(game, 'Ann', 'pale moon rising');
    await createAccount(game, 'Bob', 'dark river flows');
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await game?.stop();
  });

  it('lists characters at login; ic from another own session takes the character over', async () => {
    const s1 = await connect(game, 'Ann', 'pale moon rising', 'You have no characters yet');
    open.push(s1);
    await send(s1, 'charcreate Annie = A tall woman.', 'Created new character Annie.');
    await send(s1, 'charcreate Anna', 'Created new character Anna.');
    await send(s1, 'look', /Annie[\s\S]*Anna/);
    await send(s1, 'ic Annie', 'You become Annie.');

    const s2 = await connect(game, 'Ann', 'pale moon rising', 'Your characters (2 of 5)');
    open.push(s2);
    expect(s1.text).not.toContain('Logged in from elsewhere');
    // Two sessions, two characters.
    await send(s2, 'ic Anna', 'You become Anna.');
    await send(s1, 'say I am Annie', 'You say, "I am Annie"');
    await s2.waitFor('Annie says, "I am Annie"');
    // s2 takes Annie: s1 is told and left out of character; Anna is let go.
    await send(s2, 'ic Annie', 'You become Annie.');
    await s1.waitFor('Annie is now acted from another of your sessions.');
    await send(s1, 'ic Anna', 'You become Anna.');

    const bob = await connect(game, 'Bob', 'dark river flows', 'You have no characters yet');
    open.push(bob);
    await send(bob, 'ic Annie', "You have no character called 'Annie'.");
    await send(bob, 'charcreate Annie', "A character named 'Annie' already exists.");

    // A reload keeps each session on its own character.
    expect((await game.launcher(['reload'])).code).toBe(0);
    await game.waitForServer('running');
    const list = await send(s1, 'sessions', 'Your sessions (2)');
    // A table: #, protocol, from, idle, playing, and which one asked.
    expect(list).toMatch(/ Anna +\(this one\)/);
    expect(list).toMatch(/ Annie\r?$/m);
  });

  it('deletes a character only after a yes, and limits how many one may have', async () => {
    const s = await connect(game, 'Bob', 'dark river flows', 'You have no characters yet');
    open.push(s);
    await send(s, 'charcreate Bobby', 'Created new character Bobby.');
    await send(s, 'chardelete Bobby', '[yes/no]');
    await send(s, 'no', 'Deletion cancelled.');
    await send(s, 'chardelete Bobby', '[yes/no]');
    await send(s, 'yes', "Character 'Bobby' was permanently deleted.");
    await send(s, 'look', 'You have no characters yet');
    for (const name of ['Bo', 'Bb', 'Bbb', 'Bbbb', 'Bbbbb'])
      await send(s, `charcreate ${name}`, `Created new character ${name}.`);
    await send(s, 'charcreate Bbbbbb', 'You may only have 5 characters.');
  });
});

describe('multisession mode 3: many characters, shareable between sessions', () => {
  let game: GameProcess;
  const open: TelnetClient[] = [];
  beforeAll(async () => {
    game = await startGame(3, { WAYSTONE_MAX_NR_SIMULTANEOUS_PUPPETS: '2' });
    await createAccount(game, 'Ann', 'pale moon rising');
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await game?.stop();
  });

  it('shares one character between sessions and caps simultaneous puppets', async () => {
    const s1 = await connect(game, 'Ann', 'pale moon rising', 'You have no characters yet');
    open.push(s1);
    for (const name of ['Annie', 'Anna', 'Annabel'])
      await send(s1, `charcreate ${name}`, `Created new character ${name}.`);
    await send(s1, 'ic Annie', 'You become Annie.');
    const s2 = await connect(game, 'Ann', 'pale moon rising', 'Your characters');
    open.push(s2);
    const shared = await send(s2, 'ic Annie', 'You become Annie.');
    expect(shared).toContain('Sharing Annie with another of your sessions.');
    expect(s1.text).not.toContain('is now acted from another');
    // A third session: Annie (shared) plus Anna makes two puppets; a third is over the limit.
    const s3 = await connect(game, 'Ann', 'pale moon rising', 'Your characters');
    open.push(s3);
    await send(s2, 'ic Anna', 'You become Anna.');
    await send(s3, 'ic Annabel', 'You cannot control any more puppets (max 2)');
    await send(s3, 'ic Anna', 'Sharing Anna with another of your sessions.');

    // Annie speaks (from s1): Anna's two sessions hear it once each.
    await send(s1, 'say one', 'You say, "one"');
    await s2.waitFor('Annie says, "one"');
    await s3.waitFor('Annie says, "one"');
    await settle();
    expect(s2.count('Annie says, "one"')).toBe(1);
    expect(s3.count('Annie says, "one"')).toBe(1);

    // After a reload and a crash, every session still plays what it played.
    expect((await game.launcher(['reload'])).code).toBe(0);
    await game.waitForServer('running');
    await send(s1, 'say two', 'You say, "two"');
    await s3.waitFor('Annie says, "two"');
    await killServer(game);
    await send(s2, 'say three', 'You say, "three"');
    await s1.waitFor('Anna says, "three"');
    const who = await send(s3, 'sessions', 'Your sessions (3)');
    expect(who).toMatch(/ Anna\b[\s\S]* Anna\b| Annie\b/);
  });
});
