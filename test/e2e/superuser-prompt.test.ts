/**
 * The superuser questions of the real launcher in a pseudo-terminal (util-linux `script`), as a
 * person answers them: a refused answer is asked again at once, passwords are not echoed, and
 * a first start whose questions end without a superuser does not start the game.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runPaths } from '../../src/shared/run-files.ts';
import {
  makeGameDir,
  runLauncher,
  testEnv,
  waitUntil,
  WAYSTONE_BIN,
} from '../support/game-process.ts';

const hasScript = spawnSync('script', ['--version']).status === 0;

const started: string[] = [];
afterEach(async () => {
  for (const dir of started.splice(0)) await runLauncher(['stop', '--game-dir', dir]);
});

const quote = (arg: string): string => `'${arg.replaceAll("'", `'\\''`)}'`;

/** The launcher in a pseudo-terminal; `answer` waits for a question, then types a line. */
class TerminalRun {
  private output = '';
  /** Where the next question is looked for: each question is answered once. */
  private seen = 0;
  readonly exited: Promise<number>;

  constructor(args: string[]) {
    const command = [process.execPath, WAYSTONE_BIN, ...args].map(quote).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: testEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
    this.write = (text) => child.stdin.write(text);
  }

  private readonly write: (text: string) => void;

  get text(): string {
    return this.output.replaceAll('\r\n', '\n');
  }

  async answer(question: string, line: string): Promise<void> {
    const at = await waitUntil(
      `the question ${JSON.stringify(question)} in:\n${this.text}`,
      () => {
        const index = this.output.indexOf(question, this.seen);
        return index >= 0 ? index + 1 : null;
      },
      15_000,
    );
    this.seen = at - 1 + question.length;
    this.write(`${line}\r`); // Enter, as a terminal sends it
  }
}

describe.skipIf(!hasScript)('superuser questions in a terminal', () => {
  it('createsuperuser asks again after each refused answer and never echoes a password', async () => {
    const dir = makeGameDir();
    const run = new TerminalRun(['createsuperuser', '--game-dir', dir]);
    await run.answer('Superuser name: ', 'Al');
    await run.answer('Superuser name: ', 'Ann');
    await run.answer('Password: ', 'Ann12345');
    await run.answer('Password: ', 'correct horse');
    await run.answer('Password again: ', 'correct hrose');
    await run.answer('Password: ', 'correct horse');
    await run.answer('Password again: ', 'correct horse');
    expect(await run.exited).toBe(0);
    expect(run.text).toContain(
      'Superuser name: Al\nAccount names must be 3 to 30 characters long.\nSuperuser name: Ann\n',
    );
    expect(run.text).toMatch(/Password: \nThat password is too close to your account name/);
    expect(run.text).toContain('The two passwords differ; type the password again.');
    expect(run.text).toContain("Superuser 'Ann' created.");
    expect(run.text).not.toContain('correct h');
    expect(run.text).not.toContain('Ann12345');
  });

  it('a first start gives up after three refused names, exits 1 and starts nothing', async () => {
    const dir = makeGameDir();
    const run = new TerminalRun(['start', '--game-dir', dir]);
    await run.answer('Superuser name: ', '');
    await run.answer('Superuser name: ', 'x');
    await run.answer('Superuser name: ', 'guest');
    expect(await run.exited).toBe(1);
    expect(run.text).toContain('This game has no superuser');
    expect(run.text).toContain('3 names were refused; giving up. No superuser was created.');
    expect(run.text).toContain('The game was not started.');
    expect(existsSync(runPaths(dir).portalPid)).toBe(false);
  });

  it('a first start with good answers creates the superuser and starts the game', async () => {
    const dir = makeGameDir();
    const run = new TerminalRun(['start', '--game-dir', dir]);
    started.push(dir);
    await run.answer('Superuser name: ', 'Ann');
    await run.answer('Password: ', 'correct horse');
    await run.answer('Password again: ', 'correct horse');
    expect(await run.exited).toBe(0);
    expect(run.text).toContain("Superuser 'Ann' created.");
    expect(run.text).toMatch(/Server: RUNNING \(pid \d+\)/);
    await waitUntil('the pid file', () => existsSync(runPaths(dir).portalPid), 5000);
  });
});
