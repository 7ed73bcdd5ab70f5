/**
 * `waystone init <dir>`: a new game directory, copied from the game template that ships with
 * Waystone (the repository's default game, without its runtime files).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WaystoneError } from '../../shared/errors.ts';
import { WAYSTONE_VERSION } from '../../shared/version.ts';

export const TEMPLATE_DIR = fileURLToPath(new URL('../../../game', import.meta.url));
/** Runtime state of the template's own runs, never copied into a new game. */
const RUNTIME_ENTRIES = new Set([
  'node_modules',
  'certs',
  'run',
  'logs',
  'game.sqlite3',
  'game.sqlite3-wal',
  'game.sqlite3-shm',
  'game.sqlite3-journal',
]);

export function initGame(dir: string): string {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new WaystoneError(
      'GAME_DIR',
      `${target} already exists and is not empty; choose a new directory name.`,
    );
  }
  cpSync(TEMPLATE_DIR, target, {
    recursive: true,
    filter: (src) => !(RUNTIME_ENTRIES.has(basename(src)) && resolve(src, '..') === TEMPLATE_DIR),
  });
  // The game's TypeScript is loaded as ES modules; outside the waystone package's own tree that
  // needs a package.json of the game's own saying so.
  const pkg = {
    name: basename(target)
      .toLowerCase()
      .replace(/[^a-z0-9-_.]/g, '-'),
    private: true,
    type: 'module',
    dependencies: { waystone: `^${WAYSTONE_VERSION}` },
  };
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  linkWaystoneIfMissing(target);
  return target;
}

/** The installed waystone package this launcher runs from. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The game's code imports 'waystone'. Inside a project that depends on waystone, Node finds it
 * in a node_modules above; a game made anywhere else gets a link to this installation, so it
 * runs at once.
 */
function linkWaystoneIfMissing(target: string): void {
  for (let dir = target; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', 'waystone'))) return;
    if (dirname(dir) === dir) break;
  }
  mkdirSync(join(target, 'node_modules'), { recursive: true });
  symlinkSync(PACKAGE_ROOT, join(target, 'node_modules', 'waystone'), 'dir');
}

export function initMessage(dir: string, target: string): string {
  return [
    `Created a new game in ${target}`,
    `  ${join(dir, 'settings.ts')}            your settings (only what you change)`,
    `  ${join(dir, 'connection-screen.txt')}  what players see before login`,
    `  ${join(dir, 'game.ts')}                your game's code: commands, help, typeclasses`,
    `  ${join(dir, 'world')}/                 the first world, built once at the first start`,
    `  ${join(dir, 'commands')}/              your commands, with a test beside each`,
    '',
    'Start it with:',
    `  npx waystone start --game-dir ${dir}`,
    'then connect with any MUD client or `telnet 127.0.0.1 4000`.',
  ].join('\n');
}
