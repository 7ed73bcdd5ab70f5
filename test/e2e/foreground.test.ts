/**
 * `waystone start --foreground` (and `npm start`) as a person sees it in a terminal: one line
 * that says the game is ready and where to connect, one short line per connect, login and
 * disconnect, a failed login as a warning, and Ctrl-C that tells players goodbye once, stops
 * both processes and exits 0. Without a terminal the same events are JSON lines. The terminal
 * is a pseudo-terminal from util-linux `script`; every port is chosen by the OS.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isProcessAlive, readPortalState, runPaths } from '../../src/shared/run-files.ts';
import {
  GameProcess,
  makeGameDir,
  REPO_ROOT,
  runLauncher,
  testEnv,
  waitUntil,
  WAYSTONE_BIN,
} from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const hasScript = spawnSync('script', ['--version']).status === 0;
const NAME = 'Cora';
const PASSWORD = 'amber lantern ridge';
const GOODBYE = 'Goodbye!';

const running: ChildProcess[] = [];
const games: GameProcess[] = [];
const clients: TelnetClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const g of games.splice(0)) await g.stop();
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

const quote = (arg: string): string => `'${arg.replaceAll("'", `'\\''`)}'`;

/** A game directory whose superuser exists, so a start in a terminal asks nothing. */
async function gameWithSuperuser(): Promise<string> {
  const dir = makeGameDir();
  const made = await runLauncher([
    'createsuperuser',
    '--game-dir',
    dir,
    '--name',
    NAME,
    '--password',
    PASSWORD,
  ]);
  expect(made.code, made.out).toBe(0);
  return dir;
}

/** `waystone start --foreground` for `dir`, as npm start runs it. */
const startForeground = (dir: string): string[] => [
  process.execPath,
  WAYSTONE_BIN,
  'start',
  '--foreground',
  '--game-dir',
  dir,
];

/** A command run to its end, in a pseudo-terminal or with plain pipes. */
class Run {
  private output = '';
  readonly exited: Promise<number>;
  private readonly child: ChildProcess;

  constructor(command: string[], options: { terminal: boolean }) {
    this.child = options.terminal
      ? spawn('script', ['-qfec', command.map(quote).join(' '), '/dev/null'], {
          cwd: REPO_ROOT,
          env: testEnv(),
          stdio: ['pipe', 'pipe', 'pipe'],
        })
      : spawn(command[0]!, command.slice(1), {
          cwd: REPO_ROOT,
          env: testEnv(),
          stdio: ['pipe', 'pipe', 'pipe'],
        });
    running.push(this.child);
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : -2))),
    );
  }

  /** What was written, without colours and with plain line ends. */
  get text(): string {
    // eslint-disable-next-line no-control-regex
    return this.output.replace(/\u001b\[[0-9;]*m/g, '').replaceAll('\r\n', '\n');
  }

  /** Resolves with the first match of `pattern` in the output. */
  waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    return waitUntil(
      `${String(pattern)} in the output:\n${this.text}`,
      () => this.text.match(pattern),
      timeoutMs,
    );
  }

  /** Ctrl-C typed in the terminal. */
  typeCtrlC(): void {
    this.child.stdin!.write('\u0003');
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** The exit code, or a failure naming what was written when it takes longer than `ms`. */
  async exitCode(ms = 30_000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`still running after ${ms} ms:\n${this.text}`)),
        ms,
      );
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A player logged in as the superuser. */
async function loggedInPlayer(port: number): Promise<TelnetClient> {
  const player = await TelnetClient.open(port);
  clients.push(player);
  await player.waitFor('Welcome to Testgame');
  await player.exchange(`connect ${NAME} "${PASSWORD}"`, 'You are logged in');
  return player;
}

/** The player saw the game shut down: told once why, goodbye once, then disconnected. */
async function expectOneGoodbye(player: TelnetClient): Promise<void> {
  await player.closed;
  expect(player.count('shutting down'), player.text).toBe(1);
  expect(player.count(GOODBYE), player.text).toBe(1);
}

describe.skipIf(!hasScript)('foreground start in a terminal', () => {
  it('says where to connect, logs players in one short line each, and exits 0 on Ctrl-C', async () => {
    const dir = await gameWithSuperuser();
    const run = new Run(startForeground(dir), { terminal: true });
    const ready = await run.waitFor(
      /^\[[\d:.]+\] INFO \(portal\): Testgame is ready: telnet 127\.0\.0\.1 (\d+) · http:\/\/127\.0\.0\.1:(\d+)$/m,
    );
    const state = readPortalState(runPaths(dir))!;
    expect(Number(ready[1])).toBe(state.ports['telnet']);
    expect(Number(ready[2])).toBe(state.ports['web']);

    const player = await loggedInPlayer(state.ports['telnet']!);
    const connected = await run.waitFor(
      /^\[[\d:.]+\] INFO \(portal\): \+ #(\d+) telnet 127\.0\.0\.1 connected$/m,
    );
    await run.waitFor(
      new RegExp(`^\\[[\\d:.]+\\] INFO \\(server\\): #${connected[1]} logged in as ${NAME}$`, 'm'),
    );

    const stranger = await TelnetClient.open(state.ports['telnet']!);
    clients.push(stranger);
    await stranger.waitFor('Welcome to Testgame');
    await stranger.exchange('connect Mallory not-her-password', 'incorrect');
    await run.waitFor(
      /^\[[\d:.]+\] WARN \(server\): #\d+ failed login as "Mallory" from 127\.0\.0\.1$/m,
    );
    stranger.close();
    await run.waitFor(
      /^\[[\d:.]+\] INFO \(portal\): - #\d+ disconnected \(the client closed the connection\)$/m,
    );
    // The short lines carry no fields in a terminal (the JSON log keeps them).
    expect(run.text).not.toContain('"sessid"');

    const serverPid = Number(readFileSync(runPaths(dir).serverPid, 'utf8'));
    run.typeCtrlC();
    expect(await run.exitCode()).toBe(0);
    expect(run.text).toContain('Ctrl-C: stopping');
    await expectOneGoodbye(player);
    await waitUntil('the Server to exit', () => !isProcessAlive(serverPid), 10_000);
  });

  it('`npm start`: Ctrl-C ends it with status 0 and npm reports nothing', async () => {
    const dir = await gameWithSuperuser();
    const run = new Run(['npm', 'start', '--', '--game-dir', dir], { terminal: true });
    await run.waitFor(/Testgame is ready: telnet 127\.0\.0\.1 \d+/);
    const player = await loggedInPlayer(readPortalState(runPaths(dir))!.ports['telnet']!);
    run.typeCtrlC();
    expect(await run.exitCode()).toBe(0);
    expect(run.text).not.toMatch(/npm (error|ERR!)/);
    await expectOneGoodbye(player);
  });
});

describe('foreground start without a terminal', () => {
  it('writes the same events as JSON lines and exits 0 on SIGINT', async () => {
    const dir = await gameWithSuperuser();
    const run = new Run(startForeground(dir), { terminal: false });
    await run.waitFor(/"activity":"ready"/);
    const state = readPortalState(runPaths(dir))!;
    const player = await loggedInPlayer(state.ports['telnet']!);
    await run.waitFor(/"activity":"logged in"/);
    const entries = run.text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const ready = entries.find((e) => e['activity'] === 'ready')!;
    expect(ready['msg']).toBe(
      `Testgame is ready: telnet 127.0.0.1 ${state.ports['telnet']} · http://127.0.0.1:${state.ports['web']}`,
    );
    const connected = entries.find((e) => e['activity'] === 'connected')!;
    expect(connected).toMatchObject({ protocol: 'telnet', address: '127.0.0.1' });
    const login = entries.find((e) => e['activity'] === 'logged in')!;
    expect(login).toMatchObject({ account: NAME, sessid: connected['sessid'] });

    run.signal('SIGINT');
    expect(await run.exitCode()).toBe(0);
    await expectOneGoodbye(player);
  });
});

describe('shutting down says goodbye once', () => {
  it('on `waystone stop`', async () => {
    const game = await GameProcess.start({ dir: await gameWithSuperuser() });
    games.push(game);
    const player = await loggedInPlayer(game.telnetPort);
    const stopped = await game.launcher(['stop']);
    expect(stopped.code, stopped.out).toBe(0);
    await expectOneGoodbye(player);
  });

  it('on `shutdown` in the game', async () => {
    const game = await GameProcess.start({ dir: await gameWithSuperuser() });
    games.push(game);
    const admin = await loggedInPlayer(game.telnetPort);
    // Someone at the connection screen is told as well.
    const other = await TelnetClient.open(game.telnetPort);
    clients.push(other);
    await other.waitFor('Welcome to Testgame');
    admin.send('shutdown');
    await expectOneGoodbye(admin);
    await expectOneGoodbye(other);
    await waitUntil('the Portal to exit', () => !game.portalAlive, 15_000);
  });
});
