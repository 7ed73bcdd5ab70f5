/**
 * The Server process's composition root: read the config once, open storage, build the game
 * server, run. Started by the Portal's supervisor as
 * `node --import tsx src/server/main.ts --game-dir DIR`.
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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'game-dir': { type: 'string' } } });
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
  log.info({ backend: storage.backend, location: storage.location }, 'storage open');
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
