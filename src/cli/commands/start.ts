/**
 * `waystone start`: start the Portal (which starts the Server).
 * Foreground: runs the Portal in this process, logs to the terminal, Ctrl-C stops both.
 * Background: spawns a detached Portal that logs to logs/portal.log (and the Server to
 * logs/server.log), and returns once both are serving — or exits non-zero with the reason.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Config } from '../../config/load.ts';
import { WaystoneError } from '../../shared/errors.ts';
import { nodeArgsFor, PORTAL_ENTRY, processEnv } from '../../shared/entrypoints.ts';
import { openPrivateAppend } from '../../shared/private-files.ts';
import {
  isProcessAlive,
  prepareRunDirs,
  readPid,
  readPortalState,
  removeQuietly,
  runPaths,
} from '../../shared/run-files.ts';
import { EXIT } from '../exit-codes.ts';
import { formatStatus } from '../format.ts';
import { probePortal } from '../probe.ts';
import { AdminClient } from '../admin-client.ts';
import { adminTarget } from '../game-dir.ts';
import type { Print } from '../print.ts';
import { ensureSuperuser } from './storage-tasks.ts';

// Re-exported for the commands that still import it from here.
export type { Print };

/** Refuse to start twice; clear pid files a dead Portal left behind. */
async function ensureNotRunning(config: Config, print: Print): Promise<boolean> {
  const running = await probePortal(config);
  if (running) {
    running.client.close();
    print(
      `Waystone is already running for ${config.gameDir} (Portal pid ${running.status.portal.pid}).\n` +
        'Use `waystone reload` to load new code, or `waystone stop` first.',
    );
    return false;
  }
  const paths = runPaths(config.gameDir);
  const pid = readPid(paths.portalPid);
  if (pid !== null && isProcessAlive(pid)) {
    // A process holds the pid file but does not answer on the link: do not start a second one.
    print(
      `A process (pid ${pid}) from ${paths.portalPid} is alive but does not answer on the link port.\n` +
        'If it is not Waystone, delete the pid file and try again.',
    );
    return false;
  }
  for (const file of [paths.portalPid, paths.serverPid, paths.portalState]) removeQuietly(file);
  return true;
}

export async function startForeground(config: Config, print: Print): Promise<number> {
  if (!(await ensureNotRunning(config, print))) return EXIT.FAILED;
  if (!(await ensureSuperuser(config, print))) return EXIT.FAILED;
  // The launcher is allowed to know the Portal: it is what starts it.
  const { runPortal } = await import('../../portal/run-portal.ts');
  return runPortal({ gameDir: config.gameDir, serverLogFile: null });
}

/** The last error lines a failed Portal logged (its log is JSON lines when detached). */
function lastErrors(logFile: string, since: number): string[] {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return [];
  }
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const entry = JSON.parse(raw) as { level?: number; time?: number; msg?: string };
      if ((entry.level ?? 0) >= 50 && (entry.time ?? 0) >= since && entry.msg)
        lines.push(entry.msg);
    } catch {
      if (raw.trim() !== '') lines.push(raw.trim()); // plain stderr output
    }
  }
  return lines.slice(-5);
}

export async function startBackground(config: Config, print: Print): Promise<number> {
  if (!(await ensureNotRunning(config, print))) return EXIT.FAILED;
  if (!(await ensureSuperuser(config, print))) return EXIT.FAILED;
  const paths = runPaths(config.gameDir);
  prepareRunDirs(paths);
  const startedAt = Date.now();
  const out = openPrivateAppend(paths.portalLog);
  const child = spawn(
    process.execPath,
    nodeArgsFor(PORTAL_ENTRY, ['--game-dir', config.gameDir, '--server-log', paths.serverLog]),
    {
      cwd: config.gameDir,
      detached: true,
      stdio: ['ignore', out, out],
      env: processEnv(process.env),
    },
  );
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = signal ? `signal ${signal}` : `code ${code}`));
  child.unref();

  const deadline = startedAt + (config.serverStartTimeoutSeconds + 15) * 1000;
  let client: AdminClient | null = null;
  try {
    while (Date.now() < deadline) {
      if (exited !== null) {
        const reasons = lastErrors(paths.portalLog, startedAt);
        print(`Waystone failed to start (Portal exited with ${exited}).`);
        for (const r of reasons) print(`  ${r}`);
        print(`See ${paths.portalLog}`);
        return EXIT.FAILED;
      }
      const state = readPortalState(paths);
      if (client === null && state?.pid === child.pid) {
        client = await AdminClient.connect(adminTarget(config)).catch(() => null);
      }
      if (client) {
        const status = await client.status();
        if (status.server.state === 'running') {
          print(formatStatus(status));
          print(`Logs: ${paths.portalLog}, ${paths.serverLog}`);
          return EXIT.OK;
        }
        if (status.server.restarts > 0) {
          // The first Server died before serving: the game's code or files are broken. Say why
          // and stop the Portal rather than leave it restarting a Server that cannot run.
          print('Waystone failed to start: the Server could not start.');
          if (status.server.lastError !== null) print(`  ${status.server.lastError}`);
          else for (const r of lastErrors(paths.serverLog, startedAt)) print(`  ${r}`);
          print(`See ${paths.serverLog}`);
          await client.request({ t: 'adminStopAll' }, 10_000).catch(() => undefined);
          return EXIT.FAILED;
        }
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    print(
      `Waystone did not come up within ${Math.round((deadline - startedAt) / 1000)} s; see ${paths.portalLog} and ${paths.serverLog}.`,
    );
    return EXIT.FAILED;
  } catch (err) {
    throw new WaystoneError('START_FAILED', `Start failed: ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    client?.close();
  }
}
