/**
 * Accounts over real telnet: create (with its confirmation), connect, what help shows, a
 * duplicate login in mode 0, admin commands, staying logged in across a reload, and a Server
 * killed with kill -9 again and again while accounts are created: every account the game said
 * it created is there afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, runLauncher } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

// Cheap hashing keeps the test quick; the parameters are otherwise the defaults' shape.
const FAST_HASH = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };

async function player(game: GameProcess): Promise<TelnetClient> {
  const c = await TelnetClient.open(game.telnetPort);
  await c.waitFor('Welcome to Testgame');
  return c;
}

const say = (c: TelnetClient, line: string, expected: string | RegExp): Promise<string> =>
  c.exchange(line, expected);

describe('accounts over telnet', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: { ...FAST_HASH, WAYSTONE_ACCOUNT_CREATION_LIMIT: '100' },
    });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('creates an account after a yes/no question, connects, and shows only the commands a player may use', async () => {
    const c = await player(game);
    await say(c, 'create Wren "quiet harbor lights"', "Create a new account called 'Wren'? [Y/n]");
    await say(c, 'n', 'No account was created.');
    await say(c, 'create Wren "quiet harbor lights"', '[Y/n]');
    await say(c, 'yes', "A new account 'Wren' was created");
    await say(c, 'connect Wren wrong-password', 'Username and/or password is incorrect.');
    await say(c, 'connect wren "quiet harbor lights"', 'Welcome, Wren! You are logged in.');
    // The index is a table: a category, then its topics, wrapped to the screen's width.
    const help = await say(c, 'help', /General +[\s\S]*\bwho\b/);
    expect(help).not.toMatch(/\bban\b|\bboot\b|\breload\b/);
    await say(c, 'ban', "Command 'ban' is not available.");
    await say(c, 'who', /Accounts online: \d+[\s\S]*Wren/);
    await say(c, 'quit', 'Good bye!');
    await c.closed;
  });

  it('connect <name> asks for the password with the telnet echo off, and turns it back on', async () => {
    const c = await player(game);
    await say(c, 'create Lark "morning song rises"', '[Y/n]');
    await say(c, 'y', 'was created');
    const before = Buffer.concat(c.raw).length;
    await say(c, 'connect Lark', 'Password:');
    const asked = Buffer.concat(c.raw).subarray(before);
    const willEcho = asked.indexOf(Buffer.from([0xff, 0xfb, 0x01]));
    expect(willEcho).toBeGreaterThanOrEqual(0);
    expect(willEcho).toBeLessThan(asked.indexOf(Buffer.from('Password:')));
    // A real client agrees (DO ECHO) and stops echoing locally.
    c.writeRaw(Buffer.from([0xff, 0xfd, 0x01]));
    const mark = Buffer.concat(c.raw).length;
    await say(c, 'morning song rises', 'You are logged in');
    const after = Buffer.concat(c.raw).subarray(mark);
    expect(after.indexOf(Buffer.from([0xff, 0xfc, 0x01]))).toBeGreaterThanOrEqual(0);
    // The password itself never comes back.
    expect(after.toString('latin1')).not.toContain('morning song rises');
    c.close();
  });

  it('refuses bad names and passwords with a reason', async () => {
    const c = await player(game);
    await say(c, 'create "Ro\u200bbert" "long enough pass"', 'invisible');
    await say(c, 'create Robert password1', 'common');
    await say(c, 'create Robert 123456789', /digits|common/);
    await say(c, 'create Heron "grey wader stands"', '[Y/n]');
    await say(c, 'y', 'was created');
    // A taken name is refused before the yes/no question, not after it.
    const taken = await say(c, 'create HERON "grey wader waits"', 'already taken');
    expect(taken).not.toContain('[Y/n]');
    await say(c, 'create', 'Usage');
    await say(c, 'connect', 'Usage');
    c.close();
  });

  it('a second login to the same account disconnects the first (mode 0)', async () => {
    const a = await player(game);
    await say(a, 'create Moss "granite river bend"', '[Y/n]');
    await say(a, 'y', 'was created');
    await say(a, 'connect Moss "granite river bend"', 'You are logged in');
    const b = await player(game);
    await say(b, 'connect Moss "granite river bend"', 'You are logged in');
    await a.waitFor('Logged in from elsewhere. Disconnecting.');
    await a.closed;
    await say(b, 'sessions', 'Your sessions (1)');
    b.close();
  });

  it('stays logged in across a reload', async () => {
    const c = await player(game);
    await say(c, 'create Fern "quiet oak shadow"', '[Y/n]');
    await say(c, 'y', 'was created');
    await say(c, 'connect Fern "quiet oak shadow"', 'You are logged in');
    expect((await game.launcher(['reload'])).code).toBe(0);
    await say(c, 'look', 'Limbo');
    await say(c, 'who', 'Fern');
    c.close();
  });

  it('a superuser sees and uses the admin commands: ban by name, boot, unban', async () => {
    expect(
      (
        await runLauncher([
          'createsuperuser',
          '--game-dir',
          game.dir,
          '--name',
          'Root',
          '--password',
          'seven silver keys',
        ])
      ).code,
    ).toBe(0);
    const admin = await player(game);
    await say(admin, 'connect Root "seven silver keys"', 'You are logged in');
    await say(admin, 'help', /Admin +[\s\S]*ban[\s\S]*boot/);
    const victim = await player(game);
    await say(victim, 'create Thorn "bramble hedge maze"', '[Y/n]');
    await say(victim, 'y', 'was created');
    await say(victim, 'connect Thorn "bramble hedge maze"', 'You are logged in');
    await say(admin, 'ban thorn : testing', "Banned name 'thorn'");
    await victim.waitFor('You have been banned.');
    await victim.closed;
    const again = await player(game);
    await say(again, 'connect Thorn "bramble hedge maze"', 'You have been banned');
    await say(admin, 'unban Thorn', 'lifted');
    const back = await player(game);
    await say(back, 'connect Thorn "bramble hedge maze"', 'You are logged in');
    await say(admin, 'boot thorn : bye', 'Booted 1 session');
    await back.waitFor('disconnected by an admin');
    admin.close();
  });
});

describe('kill -9 during writes', () => {
  it('loses no account the game said it created', async () => {
    const game = await GameProcess.start({
      env: {
        ...FAST_HASH,
        WAYSTONE_ACCOUNT_CREATION_LIMIT: '1000',
        WAYSTONE_MAX_HELD_INPUT_LINES: '1000',
      },
    });
    try {
      const acknowledged: string[] = [];
      const c = await player(game);
      const deadline = Date.now() + 20_000;
      let round = 0;
      // Keep creating accounts; kill the Server at a random moment each round.
      while (Date.now() < deadline && round < 4) {
        round += 1;
        const writer = (async () => {
          for (let i = 0; i < 1000; i++) {
            const name = `Crash${round}x${i}`;
            const mark = c.text.length;
            c.send(`create ${name} "crash test password ${i}"`);
            c.send('y');
            try {
              await c.waitFor(
                new RegExp(`A new account '${name}' was created|stopped unexpectedly`),
                10_000,
                mark,
              );
            } catch {
              return;
            }
            if (c.text.slice(mark).includes(`A new account '${name}' was created`))
              acknowledged.push(name);
            else return;
          }
        })();
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
        const status = await game.status();
        if (status.server.pid) process.kill(status.server.pid, 'SIGKILL');
        await writer;
        await game.waitForServer('running');
        await c.waitFor(
          '... Server restarted.',
          20_000,
          c.text.lastIndexOf('stopped unexpectedly'),
        );
      }
      expect(acknowledged.length).toBeGreaterThan(0);
      // Every acknowledged account exists: log in to a sample of them (and check all by name).
      await game.stop();
      const { openStorage } = await import('../../src/server/storage/open-storage.ts');
      const { pino } = await import('pino');
      const storage = await openStorage({
        gameDir: game.dir,
        databaseUrl: '',
        databaseFile: 'game.sqlite3',
        log: pino({ level: 'silent' }),
      });
      try {
        for (const name of acknowledged) {
          expect(await storage.accounts.findByNameKey(name.toLowerCase()), name).not.toBeNull();
        }
      } finally {
        await storage.close();
      }
    } finally {
      await game.stop();
    }
  }, 120_000);
});
