/**
 * The Server process's composition root: read the config once, build the game server, run.
 * Started by the Portal's supervisor as `node --import tsx src/server/main.ts --game-dir DIR`.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.ts';
import { createLogger } from '../shared/logger.ts';
import { WAYSTONE_VERSION } from '../shared/version.ts';
import { createServer } from './server.ts';
import { loadConnectionScreen } from './unloggedin/connection-screen.ts';

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
  const server = createServer({
    config,
    log,
    connectionScreen,
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
