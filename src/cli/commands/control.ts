/**
 * `waystone status | stop | reload | reset`: ask the running Portal and report what it says.
 */
import type { Config } from '../../config/load.ts';
import type { LauncherToPortal } from '../../link/messages.ts';
import { isWaystoneError } from '../../shared/errors.ts';
import { isProcessAlive, readPid, runPaths } from '../../shared/run-files.ts';
import { EXIT } from '../exit-codes.ts';
import { formatStatus } from '../format.ts';
import { probePortal } from '../probe.ts';
import type { Print } from './start.ts';

const NOT_RUNNING = 'Portal: NOT RUNNING\nServer: NOT RUNNING';

export async function status(config: Config, print: Print): Promise<number> {
  const running = await probePortal(config);
  if (!running) {
    const stale = readPid(runPaths(config.gameDir).portalPid);
    print(NOT_RUNNING + (stale !== null ? `\n(stale pid file for pid ${stale})` : ''));
    return EXIT.NOT_RUNNING;
  }
  running.client.close();
  print(formatStatus(running.status));
  return EXIT.OK;
}

export async function stop(config: Config, print: Print): Promise<number> {
  const running = await probePortal(config);
  if (!running) {
    print('Waystone is not running; nothing to stop.');
    return EXIT.OK;
  }
  const pid = running.status.portal.pid;
  try {
    await running.client.request({ t: 'adminStopAll' }, 10_000);
  } finally {
    running.client.close();
  }
  const deadline = Date.now() + 30_000;
  while (isProcessAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isProcessAlive(pid)) {
    print(`Asked Waystone to stop, but the Portal (pid ${pid}) is still running after 30 s.`);
    return EXIT.FAILED;
  }
  print('Waystone stopped.');
  return EXIT.OK;
}

async function serverAction(
  config: Config,
  print: Print,
  msg: LauncherToPortal,
  doing: string,
  failed: string,
): Promise<number> {
  const running = await probePortal(config);
  if (!running) {
    print(`Waystone is not running; start it with \`waystone start\`.`);
    return EXIT.NOT_RUNNING;
  }
  print(doing);
  const waitMs = (config.serverStartTimeoutSeconds * 2 + 30) * 1000;
  try {
    const reply = await running.client.request(msg, waitMs);
    if (reply.t !== 'adminResult') return EXIT.FAILED;
    if (!reply.ok) {
      print(`${failed}\n  ${reply.message.replace(/\n/g, '\n  ')}`);
      const status = await running.client.status().catch(() => null);
      if (status) print(formatStatus(status));
      return EXIT.FAILED;
    }
    print(reply.message);
    print(formatStatus(await running.client.status()));
    return EXIT.OK;
  } catch (err) {
    if (!isWaystoneError(err, 'LINK_TIMEOUT')) throw err;
    // The Portal did not answer in time, but it may well be alive and busy: ask it afresh
    // and say what it is doing rather than guess.
    print(await whatThePortalIsDoing(config, waitMs));
    return EXIT.FAILED;
  } finally {
    running.client.close();
  }
}

async function whatThePortalIsDoing(config: Config, waitedMs: number): Promise<string> {
  const waited = `no result after ${Math.round(waitedMs / 1000)} s`;
  const again = await probePortal(config).catch(() => null);
  if (again === null)
    return `${waited}, and the Portal no longer answers; see ${runPaths(config.gameDir).portalLog}.`;
  again.client.close();
  return (
    `${waited}. The Portal is alive; this is what it reports:\n${formatStatus(again.status)}\n` +
    `See ${runPaths(config.gameDir).serverLog}.`
  );
}

export const reload = (config: Config, print: Print) =>
  serverAction(
    config,
    print,
    { t: 'adminReload' },
    'Reloading the Server (players stay connected)...',
    'Reload failed; the game was left as it was:',
  );

export const reset = (config: Config, print: Print) =>
  serverAction(
    config,
    print,
    { t: 'adminReset' },
    'Resetting the Server (players stay connected)...',
    'Reset failed; the game was left as it was:',
  );
