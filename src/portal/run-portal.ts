/**
 * The Portal process's composition root: run in the foreground by `waystone start
 * --foreground` (in the launcher's process) or, detached, by main.ts (`waystone start`).
 */
import { loadConfig, type Config } from '../config/load.ts';
import { isWaystoneError } from '../shared/errors.ts';
import { IdleCompactor } from '../shared/idle-compactor.ts';
import { createLogger, type Logger } from '../shared/logger.ts';
import { ensurePrivateFile } from '../shared/private-files.ts';
import { prepareRunDirs, runPaths } from '../shared/run-files.ts';
import { readCtrlC } from '../shared/terminal-ctrl-c.ts';
import { createPortal, type Portal } from './portal.ts';
import { readyLine } from './ready-line.ts';

export interface RunPortalOptions {
  gameDir: string;
  /** Server output file; null sends it to this process's stdout (foreground). */
  serverLogFile: string | null;
}

/** Runs a Portal until it is stopped; resolves with the exit code the process should use. */
export async function runPortal({ gameDir, serverLogFile }: RunPortalOptions): Promise<number> {
  const { config, warnings } = await loadConfig(gameDir);
  const log = createLogger('portal', config.logLevel);
  for (const w of warnings) log.warn(w);
  // Owner-only before the Portal writes its run files or the Server's output there.
  prepareRunDirs(runPaths(config.gameDir));
  if (serverLogFile !== null) ensurePrivateFile(serverLogFile);
  let finished!: (code: number) => void;
  let stopped = false;
  const done = new Promise<number>((resolve) => (finished = resolve));
  const portal = createPortal({
    config,
    log,
    serverLogFile,
    onShutdown: () => {
      stopped = true;
      finished(0);
    },
  });
  let stops = 0;
  const stop = (cause: string): void => {
    if (stopped) return; // the process is on its way out already
    stops += 1;
    if (stops > 1) {
      // Forced: nothing is waited for (the Server, alone, exits once it finds no Portal).
      log.warn(`${cause} again: exiting now`);
      process.exit(1);
    }
    log.info(`${cause}: stopping (press Ctrl-C again to force)`);
    void portal.shutdown(cause);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // In the foreground, Ctrl-C is read from the terminal rather than sent as SIGINT to the
  // whole job (see terminal-ctrl-c.ts: under `npm start` the signal would end npm's shell).
  if (serverLogFile === null) readCtrlC(() => stop('Ctrl-C'));
  try {
    const state = await portal.start();
    announceWhenReady(portal, config, state.ports, log, done);
    const compactor = new IdleCompactor({ log });
    compactor.start();
    void done.then(() => compactor.stop());
  } catch (err) {
    log.fatal({ code: isWaystoneError(err) ? err.code : undefined }, (err as Error).message);
    return 1;
  }
  return done;
}

/**
 * Logs once, when the first Server serves, that the game is ready and where to connect. The
 * Portal is asked (it has no event for this); asking stops once the process is done.
 */
function announceWhenReady(
  portal: Portal,
  config: Config,
  ports: Readonly<Record<string, number>>,
  log: Logger,
  done: Promise<number>,
): void {
  const timer = setInterval(() => {
    if (portal.status().server.state !== 'running') return;
    clearInterval(timer);
    log.info({ activity: 'ready', ports }, readyLine(config, ports));
  }, 100);
  void done.finally(() => clearInterval(timer));
}
