/**
 * The Portal process's composition root. Run in the foreground by `waystone start
 * --foreground` (in-process) or detached by `waystone start`
 * (`node --import tsx src/portal/main.ts --game-dir DIR --server-log FILE`).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.ts';
import { isWaystoneError } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';
import { createPortal } from './portal.ts';

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
  let finished!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finished = resolve));
  const portal = createPortal({ config, log, serverLogFile, onShutdown: () => finished(0) });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      log.warn(`${signal} again: exiting now`);
      finished(1);
      return;
    }
    log.info(`${signal}: stopping (press Ctrl-C again to force)`);
    void portal.shutdown('The game is shutting down. Goodbye!');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await portal.start();
  } catch (err) {
    log.fatal({ code: isWaystoneError(err) ? err.code : undefined }, (err as Error).message);
    return 1;
  }
  return done;
}

const isEntry = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (isEntry) {
  const { values } = parseArgs({
    options: { 'game-dir': { type: 'string' }, 'server-log': { type: 'string' } },
  });
  runPortal({
    gameDir: values['game-dir'] ?? process.cwd(),
    serverLogFile: values['server-log'] ?? null,
  }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`Portal failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
