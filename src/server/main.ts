/**
 * The Server process's composition root: read the config once, load the game's code and run its
 * setup, then (on the Portal's go) open storage, load the world and link. Started by the
 * Portal's supervisor as `node --import tsx src/server/main.ts --game-dir DIR`, with an IPC
 * channel over which it says when the game has loaded, or why it could not.
 */
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config/load.ts';
import { isWaystoneError } from '../shared/errors.ts';
import { IdleCompactor } from '../shared/idle-compactor.ts';
import { createLogger } from '../shared/logger.ts';
import { WAYSTONE_VERSION } from '../shared/version.ts';
import { loadGameSetup } from './game-setup.ts';
import { goMessageSchema, type ServerStartMessage } from '../shared/server-start-ipc.ts';
import { prepareServer, type GameServer, type PreparedServer } from './server.ts';
import { describeStartFailure, formatStartFailure } from './start-failure.ts';
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
 * The Portal's part of a start (src/shared/server-start-ipc.ts): say `loaded` and wait for
 * `go` — during a reload the old Server serves until then. The channel closing without a go
 * means the Portal is gone, or chose not to use this Server: nothing to serve. Run without a
 * channel (by hand), it goes at once.
 */
function loadedThenGo(): Promise<{ token?: string }> {
  return new Promise((resolve) => {
    const send = process.send?.bind(process);
    if (send === undefined) {
      resolve({});
      return;
    }
    const gone = (): void => process.exit(0);
    process.once('disconnect', gone);
    process.on('message', function onMessage(msg: unknown) {
      const go = goMessageSchema.safeParse(msg);
      if (!go.success) return;
      process.off('message', onMessage);
      process.off('disconnect', gone);
      // The channel stays open to report a failure later in the start, but must not keep the
      // process alive on its own.
      process.channel?.unref();
      resolve({ token: go.data.token });
    });
    send({ t: 'loaded' } satisfies ServerStartMessage);
  });
}

/**
 * After its go, the Server keeps the IPC channel to the Portal that started it (unref'd). The
 * channel closes when that Portal process dies, even by kill -9: the Server is then orphaned,
 * with nobody to serve and no one to stop it, and a new Portal starts a new Server over the
 * same database. So it exits at once (1, as when its link gives up on the Portal), unless a
 * stop is already under way, which ends by itself. Writes already committed are safe (the
 * storage survives a kill); a command still running was lost with its player's connection.
 */
function exitWhenOrphaned(log: Logger, server: () => GameServer | null): void {
  if (process.send === undefined || !process.connected) return;
  process.once('disconnect', () => {
    if (server()?.stopping === true) return;
    log.warn({ activity: 'orphaned' }, 'the Portal that started this Server is gone; exiting');
    log.flush?.();
    process.exit(1);
  });
}

/** Tell the Portal (if it is listening) and the log why this Server cannot start, then exit 1. */
function failStart(err: unknown, gameDir: string, log: Logger | null): never | Promise<never> {
  const failure = describeStartFailure(err, gameDir);
  const text = formatStartFailure(failure);
  if (log) log.fatal({ code: failure.code, err }, `Server failed to start: ${text}`);
  else process.stderr.write(`Server failed to start: ${text}\n`);
  const exit = (): never => process.exit(1);
  if (process.send === undefined || !process.connected) return exit();
  return new Promise<never>(() => {
    process.send?.({ t: 'failed', code: failure.code, text } satisfies ServerStartMessage, () => {
      log?.flush?.();
      exit();
    });
    // Never hang on a Portal that stopped reading.
    setTimeout(exit, 2000).unref();
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'game-dir': { type: 'string' } } });
  const gameDir = values['game-dir'] ?? process.env['WAYSTONE_GAME_DIR'] ?? process.cwd();
  // Ctrl-C in a terminal reaches the whole process group; the Portal decides when we stop.
  process.on('SIGINT', () => undefined);

  // 1. Load: everything that can fail because of the game's files, before anything is opened.
  let log: Logger | null = null;
  let config: Config;
  let prepared: PreparedServer;
  let server: GameServer | null = null;
  try {
    const loaded = await loadConfig(gameDir);
    config = loaded.config;
    log = createLogger('server', config.logLevel);
    for (const w of loaded.warnings) log.warn(w);
    const connectionScreen = await loadConnectionScreen(
      config.gameDir,
      config.connectionScreenFile,
      { serverName: config.serverName, version: WAYSTONE_VERSION },
    );
    const gameSetup = await loadGameSetup(config.gameDir);
    const readyLog = log;
    prepared = await prepareServer({
      config,
      log,
      connectionScreen,
      gameSetup,
      onExit: (code) => {
        readyLog.flush?.();
        process.exit(code);
      },
    });
  } catch (err) {
    return failStart(err, gameDir, log);
  }

  // 2. Go: the old Server (if any) has gone; the world is ours.
  const { token } = await loadedThenGo();
  exitWhenOrphaned(log, () => server);
  try {
    const storage = await openWithRetry(config, log, () => server);
    server = await prepared.open(storage);
  } catch (err) {
    return failStart(err, gameDir, log);
  }
  server.start(token);
  new IdleCompactor({ log }).start();
}

main().catch((err: unknown) => {
  process.stderr.write(`Server failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
