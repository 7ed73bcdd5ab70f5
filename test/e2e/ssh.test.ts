/**
 * SSH, black-box with the real OpenSSH client (driven by sshpass): a player logs in with the
 * account name and password and plays (`who`, `quit`); wrong passwords are refused and counted
 * by the same failed-login throttle as `connect`, so after five even the right password is
 * refused for a while, over SSH and over telnet alike. Skipped visibly without ssh or sshpass.
 */
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, waitUntil } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const FAST_HASH = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };
const SSH_ENV = {
  ...FAST_HASH,
  WAYSTONE_SSH_ENABLED: 'true',
  WAYSTONE_SSH_PORT: '0',
  WAYSTONE_SSH_INTERFACE: '127.0.0.1',
};

function have(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const missing = ['ssh', 'sshpass'].filter((c) => !have(c));

interface SshRun {
  output: () => string;
  write: (text: string) => void;
  exited: Promise<number>;
}

/** Runs the real `ssh` client against the game, with the password given by sshpass. */
function openssh(port: number, user: string, password: string): SshRun {
  const child = spawn(
    'sshpass',
    [
      '-p',
      password,
      'ssh',
      '-tt', // a pty even though stdin is a pipe: the Portal echoes and edits lines
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'PubkeyAuthentication=no',
      '-o',
      'PreferredAuthentications=password',
      '-o',
      'LogLevel=ERROR',
      '-p',
      String(port),
      `${user}@127.0.0.1`,
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  child.stderr.on('data', (d: Buffer) => chunks.push(d));
  return {
    output: () => Buffer.concat(chunks).toString('utf8'),
    write: (text) => child.stdin.write(text),
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code ?? -1))),
  };
}

async function createAccount(game: GameProcess, name: string, password: string): Promise<void> {
  const c = await TelnetClient.open(game.telnetPort);
  await c.waitFor('Welcome to Testgame');
  c.send(`create ${name} "${password}"`);
  await c.waitFor('[Y/n]');
  c.send('y');
  await c.waitFor('was created');
  c.close();
}

describe.skipIf(missing.length > 0)(
  `SSH with OpenSSH (needs: ${missing.join(', ') || 'ok'})`,
  () => {
    let game: GameProcess;

    beforeAll(async () => {
      game = await GameProcess.start({ env: SSH_ENV });
      await createAccount(game, 'Ysolde', 'birch lantern quarry');
    });

    afterAll(async () => {
      await game?.stop();
    });

    it('logs in with the account password and plays', async () => {
      const port = game.state.ports['ssh']!;
      const run = openssh(port, 'Ysolde', 'birch lantern quarry');
      await waitUntil(`the welcome; got:\n${run.output()}`, () =>
        run.output().includes('You are logged in'),
      );
      expect(run.output()).not.toContain('Welcome to Testgame'); // no connection screen
      expect(await game.status()).toMatchObject({ sessions: { total: 1, loggedIn: 1 } });
      run.write('who\n');
      await waitUntil(`who; got:\n${run.output()}`, () =>
        /Accounts online: \d+[\s\S]*Ysolde/.test(run.output()),
      );
      expect(run.output()).toContain('\r\n');
      run.write('quit\n');
      await waitUntil(`goodbye; got:\n${run.output()}`, () => run.output().includes('Good bye!'));
      await run.exited;
      await waitUntil(
        'the session to close',
        async () => (await game.status()).sessions.total === 0,
      );
      const connected = game
        .portalLogEntries()
        .find((e) => e['activity'] === 'connected' && e['protocol'] === 'ssh');
      expect(connected).toBeDefined();
    });

    it('made a host key at first start and keeps it', async () => {
      const { existsSync } = await import('node:fs');
      expect(existsSync(`${game.dir}/certs/ssh-host-rsa.key`)).toBe(true);
    });
  },
);

describe.skipIf(missing.length > 0)('SSH wrong passwords', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({ env: SSH_ENV });
    await createAccount(game, 'Oriel', 'copper meadow tide');
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('are refused and counted by the failed-login throttle', async () => {
    const port = game.state.ports['ssh']!;
    for (let i = 0; i < 5; i++) {
      const run = openssh(port, 'Oriel', `wrong password ${i}`);
      // sshpass exits 5 when the password is refused (ssh asked for it again).
      expect(await run.exited).toBe(5);
    }
    expect(game.serverLog().split('failed login').length - 1).toBeGreaterThanOrEqual(5);
    // Throttled now: even the right password is refused, over SSH and over telnet.
    const right = openssh(port, 'Oriel', 'copper meadow tide');
    expect(await right.exited).toBe(5);
    const c = await TelnetClient.open(game.telnetPort);
    await c.waitFor('Welcome to Testgame');
    c.send('connect Oriel "copper meadow tide"');
    await c.waitFor('Too many login failures');
    c.close();
    await waitUntil('no sessions left', async () => (await game.status()).sessions.total === 0);
  });
});
