/**
 * The Server process's composition root: read the config once, open storage, build the game
 * server, run. Started by the Portal's supervisor as
 * `node --import tsx src/server/main.ts --game-dir DIR [--standby]`.
 */
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config/load.ts';
import { isWaystoneError } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';
import { WAYSTONE_VERSION } from '../shared/version.ts';
import { loadGameSetup } from './game-setup.ts';
import { createServer, type GameServer } from './server.ts';
import { openStorage } from './storage/open-storage.ts';
import type { Storage } from './storage/types.ts';
import { loadConnectionScreen } from './unloggedin/connection-screen.ts';

/** Errors worth waiting out at start (the database is starting too, or restarting). */
const RETRYABLE = new Set(['STORAGE_UNREACHABLE', 'STORAGE_LOCKED']);

async function openWithRetry(
  config: Config,
  log: Logger,
  server: () => GameServer | null,
): Promise<Storage> {
  for (let delay = 500; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await openStorage({
        gameDir: config.gameDir,
        databaseUrl: config.databaseUrl,
        databaseFile: config.databaseFile,
        log,
        onPaused: (reason) => server()?.storagePaused(reason),
        onResumed: () => server()?.storageResumed(),
      });
    } catch (err) {
      if (!isWaystoneError(err) || !RETRYABLE.has(err.code)) throw err;
      log.error({ code: err.code }, `${err.message}; retrying in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * A standby Server (started by the Portal during a reload, while the old Server still serves)
 * has loaded the engine's code by the time this runs: it says so, and waits for the Portal's
 * go before it reads the config, loads the game's code or opens the database. The channel
 * closing without a go means the Portal is gone (or chose another Server): nothing to serve.
 */
function goSignal(): Promise<void> {
  return new Promise((resolve) => {
    const send = process.send?.bind(process);
    if (send === undefined) {
      resolve();
      return;
    }
    const gone = (): void => process.exit(0);
    process.once('disconnect', gone);
    process.on('message', function onMessage(msg: unknown) {
      if (msg !== 'go') return;
      process.off('message', onMessage);
      process.off('disconnect', gone);
      // The channel has done its work; an open one would keep the process alive.
      process.disconnect();
      resolve();
    });
    send('loaded');
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'game-dir': { type: 'string' }, standby: { type: 'boolean' } },
  });
  if (values.standby === true) await goSignal();
  const gameDir = values['game-dir'] ?? process.env['WAYSTONE_GAME_DIR'] ?? process.cwd();
  const { config, warnings } = await loadConfig(gameDir);
  const log = createLogger('server', config.logLevel);
  for (const w of warnings) log.warn(w);
  const connectionScreen = await loadConnectionScreen(config.gameDir, config.connectionScreenFile, {
    serverName: config.serverName,
    version: WAYSTONE_VERSION,
  });
  // Ctrl-C in a terminal reaches the whole process group; the Portal decides when we stop.
  process.on('SIGINT', () => log.debug('SIGINT ignored: the Portal coordinates shutdown'));
  // The game's own code first: broken game code stops start-up before anything is opened.
  const gameSetup = await loadGameSetup(config.gameDir);
  let server: GameServer | null = null;
  const storage = await openWithRetry(config, log, () => server);
  server = await createServer({
    config,
    log,
    storage,
    connectionScreen,
    gameSetup,
    onExit: (code) => {
      log.flush?.();
      process.exit(code);
    },
  });
  server.start();
}

main().catch((err: unknown) => {
  process.stderr.write(`Server failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
