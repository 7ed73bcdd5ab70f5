/**
 * Starting the game under test: a Portal (which starts its Server) for a game directory, every
 * port chosen by the OS, and the throttles that would turn a load test into a test of the
 * throttles relaxed through WAYSTONE_* settings. Which settings were changed, and to what, is
 * kept so the report can say so. Against a game someone else started, nothing is changed.
 */
import { readLinkSecret } from '../shared/link-secret.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { AdminClient } from '../cli/admin-client.ts';
import { DEFAULT_SETTINGS } from '../config/defaults.ts';
import type { PortalStatus } from '../link/messages.ts';
import { processTree } from './process-memory.ts';
import { nodeArgsFor, PORTAL_ENTRY, processEnv } from '../shared/entrypoints.ts';
import {
  isProcessAlive,
  readPid,
  readPortalState,
  runPaths,
  type PortalRunState,
} from '../shared/run-files.ts';

/**
 * Settings relaxed for a load test, kept to those this Waystone version has: the login and
 * creation throttles, the input caps (before and after login) and the per-address connection
 * limits and login timeout, which thousands of players from one machine would otherwise meet.
 * The report lists them. (The global `maxConnections` stays: it protects the Portal's file
 * descriptors, and a ramp that meets it is told so.)
 */
export function relaxedSettings(options: { fastHashing: boolean }): Record<string, string> {
  const relaxed: Record<string, string> = {
    loginFailureLimit: '1000000',
    loginFailureAccountLimit: '1000000',
    accountCreationLimit: '1000000',
    // And a window of 1 ms: a throttle keeps (and saves with each new account) the times in its
    // window, up to its limit, so 10,000 accounts from one address in the usual 10 minutes
    // made every creation save all the earlier ones, which no real game does (its limit is 2).
    accountCreationWindowMs: '1',
    maxInputRate: '100000',
    maxInputRateUnloggedIn: '100000',
    maxInputBytesPerSecondUnloggedIn: String(64 * 1024 * 1024),
    maxConnectionsPerAddress: '0',
    newConnectionsPerAddress: '0',
    // A ramp of thousands may keep players at the login screen for minutes.
    unloggedInTimeoutSeconds: '0',
    // Loopback clients never read slowly; a room of talkers must not look like a stuck client.
    maxOutputBufferBytes: String(16 * 1024 * 1024),
  };
  if (options.fastHashing) {
    relaxed['argon2MemoryCost'] = '4096';
    relaxed['argon2TimeCost'] = '1';
  }
  const known = DEFAULT_SETTINGS as Record<string, unknown>;
  return Object.fromEntries(Object.entries(relaxed).filter(([k]) => k in known));
}

/** `loginFailureLimit` → `WAYSTONE_LOGIN_FAILURE_LIMIT`. */
export function envName(setting: string): string {
  return `WAYSTONE_${setting.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

export class GameRunningError extends Error {
  readonly code = 'LOADTEST_GAME_RUNNING';
}

export interface GameUnderTest {
  dir: string;
  telnetPort: number;
  webPort: number;
  relaxed: Record<string, string>;
  /**
   * Every process of the game right now, Portal first: the Portal, its Server (whose pid changes
   * across a reload) and any child either keeps (an esbuild service), so that memory moved into
   * a helper process is still counted. Without /proc, the Portal and Server as it reports them.
   */
  pids(): Promise<number[]>;
  status(): Promise<PortalStatus>;
  stop(): Promise<void>;
}

async function waitFor<T>(what: string, ms: number, check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startGameUnderTest(options: {
  dir: string;
  fastHashing: boolean;
  extraEnv?: Record<string, string>;
  timeoutMs?: number;
}): Promise<GameUnderTest> {
  const relaxed = relaxedSettings({ fastHashing: options.fastHashing });
  // Started as the launcher starts a Portal (processEnv), with OS-chosen ports and relaxed limits.
  const env: NodeJS.ProcessEnv = processEnv({
    ...process.env,
    WAYSTONE_TELNET_PORT: '0',
    WAYSTONE_WEB_PORT: '0',
    WAYSTONE_LINK_PORT: '0',
    WAYSTONE_TELNET_INTERFACE: '127.0.0.1',
    WAYSTONE_WEB_INTERFACE: '127.0.0.1',
    WAYSTONE_LOG_LEVEL: 'warn',
    ...Object.fromEntries(Object.entries(relaxed).map(([k, v]) => [envName(k), v])),
    ...options.extraEnv,
  });
  const paths = runPaths(options.dir);
  // Its run files would be overwritten by a second Portal, and the launcher would lose the first.
  const running = readPid(paths.portalPid);
  if (running !== null && isProcessAlive(running))
    throw new GameRunningError(
      `the game in ${options.dir} is running (Portal pid ${running}); drive it with --port ` +
        'instead, or stop it first',
    );
  const portal: ChildProcess = spawn(
    process.execPath,
    nodeArgsFor(PORTAL_ENTRY, ['--game-dir', options.dir, '--server-log', paths.serverLog]),
    { cwd: options.dir, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  portal.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 8192) stderr += d.toString();
  });
  let exited = false;
  portal.once('exit', () => (exited = true));
  const timeout = options.timeoutMs ?? 60_000;
  const failIfExited = (): void => {
    if (exited) throw new Error(`the game's Portal exited during start:\n${stderr.trim()}`);
  };
  let admin: AdminClient | null = null;
  try {
    const state = await waitFor<PortalRunState>('the Portal to listen', timeout, async () => {
      failIfExited();
      const s = readPortalState(paths);
      return s?.pid === portal.pid ? s : null;
    });
    admin = await AdminClient.connect({
      host: '127.0.0.1',
      port: state.ports['link']!,
      secret: readLinkSecret(options.dir),
    });
    const client = admin;
    const status = async (): Promise<PortalStatus> => client.status();
    await waitFor('the Server to serve', timeout, async () => {
      failIfExited();
      const s = await status().catch(() => null);
      return s?.server.state === 'running' ? s : null;
    });
    const stop = async (): Promise<void> => {
      if (exited) return;
      await client.request({ t: 'adminStopAll' }, 20_000).catch(() => undefined);
      client.close();
      await waitFor('the Portal to exit', 20_000, async () => (exited ? true : null)).catch(() => {
        portal.kill('SIGKILL');
      });
    };
    return {
      dir: options.dir,
      telnetPort: state.ports['telnet']!,
      webPort: state.ports['web']!,
      relaxed,
      status,
      pids: async () => {
        const tree = processTree(portal.pid!);
        if (tree !== null && tree.length > 0) return tree;
        const s = await status();
        return [s.portal.pid, ...(s.server.pid === null ? [] : [s.server.pid])];
      },
      stop,
    };
  } catch (err) {
    admin?.close();
    portal.kill('SIGKILL');
    throw err;
  }
}
