/**
 * Password guessing, black-box against a real game (issue 12 §3):
 * (a) wrong passwords from one address arriving all at once: only loginFailureLimit of them
 *     are checked (the others are refused before any hashing), over telnet and over SSH;
 * (b) guesses at one account spread over many addresses: after loginFailureAccountLimit of
 *     them, even the right password from a fresh address has to wait, while the address the
 *     owner logged in from before still gets in;
 * (c) that per-account state survives `waystone reload` and a Server killed with kill -9.
 * What was checked is seen as a player sees it (the replies) and in the Server's log (one
 * 'login failed' line per checked password).
 *
 * Connections come from 127.0.0.2 to 127.0.0.40 (Linux routes all of 127/8 to lo), a few per
 * address and closed after use, so the Portal's per-address connection limits stay out of it.
 */
import { connect, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, waitUntil } from '../support/game-process.ts';
import { stripTelnet } from '../support/telnet-client.ts';

const ENV = {
  // Cheap hashing keeps the test quick; the limits, not argon2, are under test.
  WAYSTONE_ARGON2_MEMORY_COST: '4096',
  WAYSTONE_ARGON2_TIME_COST: '1',
  WAYSTONE_ACCOUNT_CREATION_LIMIT: '100',
  // The per-account delay, made unmistakable: 8 free failures, then a 10-minute wait.
  WAYSTONE_LOGIN_FAILURE_ACCOUNT_LIMIT: '8',
  WAYSTONE_LOGIN_FAILURE_ACCOUNT_DELAY_MS: String(10 * 60_000),
  WAYSTONE_LOGIN_FAILURE_ACCOUNT_MAX_DELAY_MS: String(20 * 60_000),
  WAYSTONE_LOGIN_FAILURE_ACCOUNT_WINDOW_MS: String(60 * 60_000),
  WAYSTONE_SSH_ENABLED: 'true',
  WAYSTONE_SSH_PORT: '0',
  WAYSTONE_SSH_INTERFACE: '127.0.0.1',
};
/** loginFailureLimit's default. */
const PER_ADDRESS_LIMIT = 5;
const PER_ACCOUNT_LIMIT = 8;

const WRONG = 'Username and/or password is incorrect.';
const ADDRESS_REFUSAL = 'Too many login failures; please try again in a few minutes.';
const ACCOUNT_REFUSAL =
  /Too many failed logins for that account recently; please wait (\d+) minutes before trying it again\./;
const TOO_FAST = 'You entered commands too fast.';
const ACCOUNT_REFUSAL_START = 'Too many failed logins for that account recently';

/** A telnet player on a raw socket from a chosen source address. */
class Player {
  private received = '';
  private wake: Array<() => void> = [];
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received += stripTelnet(chunk).toString('utf8');
      for (const w of this.wake.splice(0)) w();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.wake.splice(0)) w();
    });
  }

  /** Connects from `from` and waits for the connection screen. */
  static async open(port: number, from: string): Promise<Player> {
    const socket = connect({ port, host: '127.0.0.1', localAddress: from });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const player = new Player(socket);
    await player.until(`the connection screen (from ${from})`, () =>
      player.text.includes('Welcome to Testgame'),
    );
    return player;
  }

  get text(): string {
    return this.received;
  }

  count(needle: string | RegExp): number {
    const re = typeof needle === 'string' ? null : new RegExp(needle.source, 'g');
    return re ? (this.received.match(re) ?? []).length : this.received.split(needle).length - 1;
  }

  /** Sends the lines in one write: they arrive together. */
  send(...lines: string[]): void {
    this.socket.write(lines.map((l) => `${l}\r\n`).join(''));
  }

  /** Resolves once `done()` holds; fails after `timeoutMs` or if the connection closes first. */
  async until(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.closed) throw new Error(`closed while waiting for ${what}; got:\n${this.text}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got:\n${this.text}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends one line and waits for `expected` after it; returns what came after the line. */
  async exchange(line: string, expected: string | RegExp): Promise<string> {
    const mark = this.received.length;
    this.send(line);
    const seen = (): boolean => {
      const after = this.received.slice(mark);
      return typeof expected === 'string' ? after.includes(expected) : expected.test(after);
    };
    await this.until(String(expected), seen);
    return this.received.slice(mark);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Creates an account from `from` and logs into it once, so `from` is known to it. */
async function createAccount(game: GameProcess, from: string, name: string, password: string) {
  const p = await Player.open(game.telnetPort, from);
  await p.exchange(`create ${name} "${password}"`, '[Y/n]');
  await p.exchange('y', 'was created');
  await p.exchange(`connect ${name} "${password}"`, `Welcome, ${name}!`);
  p.close();
}

/** The Server log's 'login failed' entries for `account` (one per password checked). */
function failedLogins(game: GameProcess, account: string): Array<Record<string, unknown>> {
  return game
    .serverLog()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => e['activity'] === 'login failed' && e['account'] === account);
}

/** One SSH connection from `from` trying `passwords` in turn; resolves when it gives up. */
function sshGuesses(port: number, from: string, user: string, passwords: string[]): Promise<void> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    const done = (): void => {
      client.end();
      resolve();
    };
    client.on('ready', done); // not expected: every password is wrong
    client.on('error', done);
    client.on('close', done);
    client.connect({
      host: '127.0.0.1',
      port,
      localAddress: from,
      username: user,
      authHandler: passwords.map((password) => ({
        type: 'password' as const,
        username: user,
        password,
      })),
      readyTimeout: 30_000,
    });
  });
}

describe('password guessing', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({ env: ENV });
    await createAccount(game, '127.0.0.2', 'Ada', 'copper kettle sings');
    await createAccount(game, '127.0.0.2', 'Bea', 'velvet morning tide');
    await createAccount(game, '127.0.0.2', 'Cid', 'northern lights hum');
  }, 60_000);

  afterAll(async () => {
    await game?.stop();
  });

  it('(a) 200 wrong passwords at once from one address: only the limit are checked', async () => {
    // 20 connections from one address, 10 connect lines each: 80 lines at once, then the rest
    // in two more waves (a connection that has not logged in may send 5 lines a second).
    const from = '127.0.0.3';
    const players = await Promise.all(
      Array.from({ length: 20 }, () => Player.open(game.telnetPort, from)),
    );
    const lines = Array.from({ length: 10 }, (_, i) => `connect Ada wrong-guess-${i}`);
    for (const wave of [lines.slice(0, 4), lines.slice(4, 8), lines.slice(8)]) {
      for (const p of players) p.send(...wave);
      await new Promise((r) => setTimeout(r, 1200));
    }
    const answers = (p: Player): number =>
      p.count(WRONG) + p.count(ADDRESS_REFUSAL) + p.count(TOO_FAST);
    await Promise.all(players.map((p) => p.until('10 answers', () => answers(p) >= 10)));
    expect(players.reduce((n, p) => n + p.count(TOO_FAST), 0)).toBe(0);
    const wrong = players.reduce((n, p) => n + p.count(WRONG), 0);
    const refused = players.reduce((n, p) => n + p.count(ADDRESS_REFUSAL), 0);
    expect(wrong).toBe(PER_ADDRESS_LIMIT);
    expect(refused).toBe(200 - PER_ADDRESS_LIMIT);
    await waitUntil('the log lines', () => failedLogins(game, 'Ada').length >= PER_ADDRESS_LIMIT);
    const logged = failedLogins(game, 'Ada');
    expect(logged).toHaveLength(PER_ADDRESS_LIMIT);
    expect(logged.every((e) => String(e['address']).endsWith('127.0.0.3'))).toBe(true);
    // The right password from there waits as well; from the owner's address it works.
    expect(
      await players[0]!.exchange('connect Ada "copper kettle sings"', ADDRESS_REFUSAL),
    ).not.toContain('Welcome');
    for (const p of players) p.close();
    const owner = await Player.open(game.telnetPort, '127.0.0.2');
    await owner.exchange('connect Ada "copper kettle sings"', 'Welcome, Ada!');
    owner.close();
  }, 90_000);

  it('(a) over SSH: simultaneous wrong passwords from one address check only the limit', async () => {
    const port = game.state.ports['ssh'];
    expect(port, 'the SSH port').toBeTypeOf('number');
    // 15 connections from one address, each trying 2 passwords, all at once. (More per
    // connection would outrun the input rate allowed before login: each try is 2 inputs.)
    const tries = Array.from({ length: 15 }, (_, c) =>
      sshGuesses(port!, '127.0.0.4', 'Cid', [`wrong ${c}-1`, `wrong ${c}-2`]),
    );
    await Promise.all(tries);
    // Give the last log lines a moment to be written, then count.
    await new Promise((r) => setTimeout(r, 500));
    expect(failedLogins(game, 'Cid')).toHaveLength(PER_ADDRESS_LIMIT);
  }, 90_000);

  it('(b) guesses at one account from 30 addresses: a fresh address waits, the owner does not', async () => {
    // 30 addresses, one connection each, 5 guesses each, all at once: 150 guesses. The
    // per-address limit alone would check every one of them.
    const guessers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => Player.open(game.telnetPort, `127.0.0.${10 + i}`)),
    );
    for (const [i, p] of guessers.entries()) {
      p.send(...[1, 2, 3, 4, 5].map((n) => `connect Bea guess-${i}-${n}`));
    }
    const answers = (p: Player): number =>
      p.count(WRONG) + p.count(ADDRESS_REFUSAL) + p.count(ACCOUNT_REFUSAL_START);
    await Promise.all(guessers.map((p) => p.until('5 answers', () => answers(p) >= 5)));
    const wrong = guessers.reduce((n, p) => n + p.count(WRONG), 0);
    const waited = guessers.reduce((n, p) => n + p.count(ACCOUNT_REFUSAL_START), 0);
    expect(wrong).toBe(PER_ACCOUNT_LIMIT);
    expect(waited).toBe(150 - PER_ACCOUNT_LIMIT);
    expect(guessers.some((p) => p.text.includes('Welcome, Bea'))).toBe(false);
    for (const p of guessers) p.close();
    await waitUntil('the log lines', () => failedLogins(game, 'Bea').length >= PER_ACCOUNT_LIMIT);
    expect(failedLogins(game, 'Bea')).toHaveLength(PER_ACCOUNT_LIMIT);
    await expectFreshAddressWaitsAndOwnerGetsIn();
  }, 90_000);

  it('(c) the per-account wait and the known address survive a reload and a kill -9', async () => {
    const reload = await game.launcher(['reload']);
    expect(reload.code, reload.out).toBe(0);
    await game.waitForServer('running');
    await expectFreshAddressWaitsAndOwnerGetsIn();

    const before = await game.status();
    process.kill(before.server.pid!, 'SIGKILL');
    await waitUntil('a new Server', async () => {
      const s = await game.status().catch(() => null);
      return s?.server.state === 'running' && s.server.pid !== before.server.pid;
    });
    await expectFreshAddressWaitsAndOwnerGetsIn();
    // Nothing more was checked: the refusals above never reached a password hash.
    expect(failedLogins(game, 'Bea')).toHaveLength(PER_ACCOUNT_LIMIT);
  }, 120_000);

  /** The right password from 127.0.0.40 is told to wait; from the owner's 127.0.0.2 it works. */
  async function expectFreshAddressWaitsAndOwnerGetsIn(): Promise<void> {
    const fresh = await Player.open(game.telnetPort, '127.0.0.40');
    const said = await fresh.exchange('connect Bea "velvet morning tide"', ACCOUNT_REFUSAL);
    const minutes = Number(ACCOUNT_REFUSAL.exec(said)?.[1]);
    expect(minutes).toBeGreaterThanOrEqual(9);
    expect(minutes).toBeLessThanOrEqual(10);
    expect(said).not.toContain('Welcome');
    fresh.close();
    const owner = await Player.open(game.telnetPort, '127.0.0.2');
    await owner.exchange('connect Bea "velvet morning tide"', 'Welcome, Bea!');
    owner.close();
  }
});
