/**
 * The Portal process: `node dist/portal/main.js --game-dir DIR --server-log FILE`, as the
 * launcher starts it (src/shared/entrypoints.ts). Only an entry: nothing imports this file.
 */
import { parseArgs } from 'node:util';
import { runPortal } from './run-portal.ts';

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
