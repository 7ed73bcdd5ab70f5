/**
 * Shared output by multisession mode (issue 13 §1), black-box over telnet, one game per mode:
 *   mode 1  two sessions of one account are one view of one character: `say` and a plain
 *           command reply (`look`) reach both; a typo's "not available" only the typist;
 *   mode 3  two sessions sharing one character both hear what it says, but `look` answers only
 *           the session that typed it (commandMsgAllSessions is false there);
 *   mode 2  two sessions, two characters: replies stay on the typing session, and the other
 *           character hears the say as a bystander;
 *   mode 0  a second login disconnects the first, so there is nothing to share.
 * A reply that does not reach a session is checked by sending a later line that does (the
 * Server answers in order): what came before it must not contain the reply.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const FAST = {
  WAYSTONE_ARGON2_MEMORY_COST: '4096',
  WAYSTONE_ARGON2_TIME_COST: '1',
};
const PASSWORD = 'pale moon rising';
/** From Limbo's description: what `look` shows, and nothing else does. */
const LOOK = 'the room every new character starts in';

let game: GameProcess | undefined;
const open: TelnetClient[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await game?.stop();
  game = undefined;
});

async function startGame(mode: 0 | 1 | 2 | 3): Promise<GameProcess> {
  game = await GameProcess.start({
    dir: makeGameDir(),
    env: { ...FAST, WAYSTONE_MULTISESSION_MODE: String(mode) },
  });
  const c = await client(game);
  await c.exchange(`create Ann "${PASSWORD}"`, '[Y/n]');
  await c.exchange('y', 'was created');
  c.close();
  return game;
}

async function client(g: GameProcess): Promise<TelnetClient> {
  const c = await TelnetClient.open(g.telnetPort);
  open.push(c);
  await c.waitFor('Welcome');
  return c;
}

async function login(g: GameProcess, expected: string): Promise<TelnetClient> {
  const c = await client(g);
  await c.exchange(`connect Ann "${PASSWORD}"`, expected);
  return c;
}

/**
 * Runs `act`, then has `typist` say a marker line; resolves with what `watcher` received from
 * before `act` up to its copy of the marker (the typist's own line in modes where the watcher
 * shares the character, the bystander's line otherwise).
 */
async function seenBy(
  watcher: TelnetClient,
  typist: TelnetClient,
  act: () => Promise<unknown>,
  marker: string,
): Promise<string> {
  const mark = watcher.text.length;
  await act();
  typist.send('say done');
  await watcher.waitFor(marker, 15_000, mark);
  return watcher.text.slice(mark);
}

describe('multisession mode 1: every session sees every reply', () => {
  it('say and look reach both sessions; "not available" only the typist', async () => {
    const g = await startGame(1);
    const a1 = await login(g, 'You become Ann.');
    const a2 = await login(g, 'You become Ann.');

    const mark = a2.text.length;
    await a1.exchange('say hello', 'You say, "hello"');
    await a2.waitFor('You say, "hello"', 15_000, mark);

    const looked = await seenBy(a1, a2, () => a2.exchange('look', LOOK), 'You say, "done"');
    expect(looked).toContain(LOOK);

    const typo = await seenBy(
      a2,
      a1,
      () => a1.exchange('xyzzy', "Command 'xyzzy' is not available."),
      'You say, "done"',
    );
    expect(typo).not.toContain('is not available');
    expect(a2.count('You say, "hello"')).toBe(1);
  });
});

describe('multisession mode 3: sessions sharing a character', () => {
  it("both hear the character's say; look answers only the typing session", async () => {
    const g = await startGame(3);
    const s1 = await login(g, 'You have no characters yet');
    await s1.exchange('charcreate Annie', 'Created new character Annie.');
    await s1.exchange('ic Annie', 'You become Annie.');
    const s2 = await login(g, 'Your characters');
    await s2.exchange('ic Annie', 'Sharing Annie with another of your sessions.');

    const mark = s2.text.length;
    await s1.exchange('say hello', 'You say, "hello"');
    await s2.waitFor('You say, "hello"', 15_000, mark);
    await s2.exchange(':waves.', 'Annie waves.');
    await s1.waitFor('Annie waves.');

    const looked = await seenBy(s2, s1, () => s1.exchange('look', LOOK), 'You say, "done"');
    expect(looked).not.toContain(LOOK);
    expect(s2.count('You say, "hello"')).toBe(1);
  });
});

describe('multisession mode 2: each session its own character', () => {
  it('replies stay on the typing session; the other character hears the say as a bystander', async () => {
    const g = await startGame(2);
    const s1 = await login(g, 'You have no characters yet');
    await s1.exchange('charcreate Annie', 'Created new character Annie.');
    await s1.exchange('charcreate Anna', 'Created new character Anna.');
    await s1.exchange('ic Annie', 'You become Annie.');
    const s2 = await login(g, 'Your characters');
    await s2.exchange('ic Anna', 'You become Anna.');

    const heard = await seenBy(
      s2,
      s1,
      async () => {
        await s1.exchange('look', LOOK);
        await s1.exchange('say hello', 'You say, "hello"');
      },
      'Annie says, "done"',
    );
    expect(heard).toContain('Annie says, "hello"');
    expect(heard).not.toContain('You say');
    expect(heard).not.toContain(LOOK);
  });
});

describe('multisession mode 0: one session per account', () => {
  it('a second login disconnects the first, so nothing is shared', async () => {
    const g = await startGame(0);
    const first = await login(g, 'You become Ann.');
    await login(g, 'You become Ann.');
    await first.waitFor('Logged in from elsewhere. Disconnecting.');
    await first.closed;
  });
});
