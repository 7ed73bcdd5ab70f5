/**
 * Test support: a real game (Portal process + the Server it supervises) in a fresh temporary
 * game directory, with every port chosen by the OS. Used by the black-box tests and the
 * benchmarks; nothing here reaches into the processes, it only talks to their ports and reads
 * their run files and logs, as a user or the launcher would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminClient } from '../../src/cli/admin-client.ts';
import type { PortalStatus } from '../../src/link/messages.ts';
import { nodeArgsFor, PORTAL_ENTRY, processEnv } from '../../src/shared/entrypoints.ts';
import { readLinkSecret } from '../../src/shared/link-secret.ts';
import {
  isProcessAlive,
  readPortalState,
  runPaths,
  type PortalRunState,
} from '../../src/shared/run-files.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WAYSTONE_BIN = join(REPO_ROOT, 'bin', 'waystone.js');

/** Environment that makes every port OS-chosen and keeps logs terse. */
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // As the launcher starts a Portal (processEnv), with OS-chosen ports.
  return processEnv({
    ...process.env,
    WAYSTONE_TELNET_PORT: '0',
    WAYSTONE_WEB_PORT: '0',
    WAYSTONE_LINK_PORT: '0',
    WAYSTONE_TELNET_INTERFACE: '127.0.0.1',
    WAYSTONE_WEB_INTERFACE: '127.0.0.1',
    WAYSTONE_SERVER_RESTART_DELAY_MS: '200',
    ...extra,
  });
}

/**
 * A minimal game directory: settings, a connection screen, the ESM marker, and optionally a
 * game.ts (`gameCode`) that imports 'waystone' like a real game's.
 */
export function makeGameDir(settings: Record<string, unknown> = {}, gameCode?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'waystone-game-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(
    join(dir, 'settings.ts'),
    `export default ${JSON.stringify({ serverName: 'Testgame', ...settings })};\n`,
  );
  writeFileSync(
    join(dir, 'connection-screen.txt'),
    'Welcome to {serverName} (Waystone {version}).\nType help.\n',
  );
  mkdirSync(join(dir, 'logs'), { recursive: true });
  if (gameCode !== undefined) {
    writeFileSync(join(dir, 'game.ts'), gameCode);
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'waystone'), 'dir');
  }
  return dir;
}

export async function waitUntil<T>(
  what: string,
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class GameProcess {
  private constructor(
    readonly dir: string,
    readonly portal: ChildProcess,
    readonly state: PortalRunState,
  ) {}

  /** Start a Portal for `dir` (made fresh when omitted) and wait until its Server serves. */
  static async start(
    options: { dir?: string; env?: Record<string, string> } = {},
  ): Promise<GameProcess> {
    const dir = options.dir ?? makeGameDir();
    const paths = runPaths(dir);
    const portal = spawn(
      process.execPath,
      nodeArgsFor(PORTAL_ENTRY, ['--game-dir', dir, '--server-log', paths.serverLog]),
      { cwd: dir, env: testEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output: Buffer[] = [];
    portal.stdout?.on('data', (d: Buffer) => output.push(d));
    portal.stderr?.on('data', (d: Buffer) => output.push(d));
    let exited = false;
    portal.once('exit', () => (exited = true));
    const state = await waitUntil('the Portal to write its run state', () => {
      if (exited)
        throw new Error(`Portal exited during start:\n${Buffer.concat(output).toString()}`);
      const s = readPortalState(paths);
      return s?.pid === portal.pid ? s : null;
    });
    const game = new GameProcess(dir, portal, state);
    game.output = output;
    await game.waitForServer('running');
    return game;
  }

  private output: Buffer[] = [];

  get telnetPort(): number {
    return this.state.ports['telnet']!;
  }

  get webPort(): number {
    return this.state.ports['web']!;
  }

  get linkPort(): number {
    return this.state.ports['link']!;
  }

  /** Everything the Portal wrote to stdout/stderr (JSON log lines). */
  portalLog(): string {
    return Buffer.concat(this.output).toString();
  }

  serverLog(): string {
    try {
      return readFileSync(runPaths(this.dir).serverLog, 'utf8');
    } catch {
      return '';
    }
  }

  /** Parsed JSON lines of the Portal's log. */
  portalLogEntries(): Array<Record<string, unknown>> {
    return this.portalLog()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  async status(): Promise<PortalStatus> {
    const client = await AdminClient.connect({
      host: '127.0.0.1',
      port: this.linkPort,
      secret: readLinkSecret(this.dir),
    });
    try {
      return await client.status();
    } finally {
      client.close();
    }
  }

  async waitForServer(
    state: PortalStatus['server']['state'],
    timeoutMs = 30_000,
  ): Promise<PortalStatus> {
    return waitUntil(
      `Server state ${state}`,
      async () => {
        const s = await this.status().catch(() => null);
        return s?.server.state === state ? s : null;
      },
      timeoutMs,
    );
  }

  /** Make a superuser with the real launcher (`createsuperuser --name --password`). */
  async createSuperuser(name: string, password: string): Promise<void> {
    const made = await this.launcher(['createsuperuser', '--name', name, '--password', password]);
    if (made.code !== 0)
      throw new Error(`createsuperuser ${name} failed (${made.code}):\n${made.out}`);
  }

  /** Run the real launcher against this game; resolves with its exit code and output. */
  launcher(
    args: string[],
    env: Record<string, string> = {},
  ): Promise<{ code: number; out: string }> {
    return runLauncher([...args, '--game-dir', this.dir], env);
  }

  get portalAlive(): boolean {
    return this.portal.exitCode === null && this.portal.signalCode === null;
  }

  /** Stop cleanly through the launcher; kill whatever is left. */
  async stop(): Promise<void> {
    if (this.portalAlive) {
      await this.launcher(['stop']).catch(() => undefined);
      await waitUntil('the Portal to exit', () => !this.portalAlive, 15_000).catch(() =>
        this.portal.kill('SIGKILL'),
      );
    }
  }

  /** For crash tests: kill everything hard. */
  killAll(): void {
    const serverPid = readPortalState(runPaths(this.dir))
      ? Number(readFileSync(runPaths(this.dir).serverPid, 'utf8'))
      : NaN;
    if (this.portalAlive) this.portal.kill('SIGKILL');
    if (Number.isInteger(serverPid) && isProcessAlive(serverPid))
      process.kill(serverPid, 'SIGKILL');
  }
}

export function runLauncher(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WAYSTONE_BIN, ...args], {
      env: testEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => chunks.push(d));
    child.once('close', (code) =>
      resolve({ code: code ?? -1, out: Buffer.concat(chunks).toString() }),
    );
  });
}
