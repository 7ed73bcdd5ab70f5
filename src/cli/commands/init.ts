/**
 * `waystone init <dir>`: a new game directory, copied from the game template that ships with
 * Waystone (the repository's default game, without its runtime files).
 */
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WaystoneError } from '../../shared/errors.ts';

export const TEMPLATE_DIR = fileURLToPath(new URL('../../../game', import.meta.url));
const RUNTIME_DIRS = new Set(['run', 'logs']);

export function initGame(dir: string): string {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new WaystoneError('GAME_DIR', `${target} already exists and is not empty; choose a new directory name.`);
  }
  cpSync(TEMPLATE_DIR, target, {
    recursive: true,
    filter: (src) => !(RUNTIME_DIRS.has(basename(src)) && resolve(src, '..') === TEMPLATE_DIR),
  });
  return target;
}

export function initMessage(dir: string, target: string): string {
  return [
    `Created a new game in ${target}`,
    `  ${join(dir, 'settings.ts')}            your settings (only what you change)`,
    `  ${join(dir, 'connection-screen.txt')}  what players see before login`,
    '',
    'Start it with:',
    `  npx waystone start --game-dir ${dir}`,
    'then connect with any MUD client or `telnet 127.0.0.1 4000`.',
  ].join('\n');
}
