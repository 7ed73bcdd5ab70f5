/**
 * `waystone init <dir>`: a new game directory, copied from the game template that ships with
 * Waystone (the repository's default game, without its runtime files), named after its
 * directory, with a package.json whose `npm test` type-checks and tests it (`waystone test`).
 * Afterwards it checks that the ports the new game will listen on are free.
 */
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { envNameFor } from '../../config/env.ts';
import { loadConfig, SETTINGS_FILE, type Config } from '../../config/load.ts';
import { WaystoneError } from '../../shared/errors.ts';
import { ensureGameId } from '../../shared/game-identity.ts';
import { ensureLinkSecret } from '../../shared/link-secret.ts';
import { WAYSTONE_VERSION } from '../../shared/version.ts';
import { installedPackageDir, PACKAGE_ROOT, TEMPLATE_DIR } from '../install.ts';

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
  // The template's own id: a new game gets one of its own (below).
  '.waystone',
]);

/** The new game's .gitignore, named without its dot: npm leaves `.gitignore` files out of packages. */
const TEMPLATE_GITIGNORE = 'gitignore';

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
    filter: (src) =>
      !(
        (RUNTIME_ENTRIES.has(basename(src)) || basename(src) === TEMPLATE_GITIGNORE) &&
        resolve(src, '..') === TEMPLATE_DIR
      ),
  });
  copyFileSync(join(TEMPLATE_DIR, TEMPLATE_GITIGNORE), join(target, '.gitignore'));
  nameAfterDirectory(target);
  // The game's TypeScript is loaded as ES modules; outside the waystone package's own tree that
  // needs a package.json of the game's own saying so.
  const pkg = {
    name: basename(target)
      .toLowerCase()
      .replace(/[^a-z0-9-_.]/g, '-'),
    private: true,
    type: 'module',
    scripts: { test: 'waystone test' },
    dependencies: { waystone: `^${WAYSTONE_VERSION}` },
  };
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  linkInstallationIfMissing(target);
  // Made now, so the launcher can tell this game's Portal from any other's (see game-identity).
  ensureGameId(target);
  // The link's secret too (owner-only): every Portal, Server and launcher of the game proves it.
  ensureLinkSecret(target);
  return target;
}

/** The template's `serverName: '…',` line, which a new game fills with its directory's name. */
const SERVER_NAME_LINE = /^(\s*serverName:\s*)'(?:[^'\\]|\\.)*'(,?)$/m;

function nameAfterDirectory(target: string): void {
  const file = join(target, SETTINGS_FILE);
  const text = readFileSync(file, 'utf8');
  if (!SERVER_NAME_LINE.test(text)) {
    throw new Error(`The game template's ${SETTINGS_FILE} has no serverName line to fill in.`);
  }
  const name = singleQuoted(basename(target));
  writeFileSync(
    file,
    text.replace(SERVER_NAME_LINE, (_, start: string, comma: string) => `${start}${name}${comma}`),
  );
}

/** A TypeScript string literal in the settings file's quotes. */
function singleQuoted(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${escaped}'`;
}

/**
 * The game's code imports 'waystone', its tests 'vitest', its type check needs Node's types, and
 * its `npm test` runs the `waystone` command. In a project that depends on waystone, npm has put
 * all of them in a node_modules above; a game made anywhere else gets links to this
 * installation, where npm would have put them, so it runs and tests at once.
 */
function linkInstallationIfMissing(target: string): void {
  for (let dir = target; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', 'waystone'))) return;
    if (dirname(dir) === dir) break;
  }
  const modules = join(target, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  symlinkSync(PACKAGE_ROOT, join(modules, 'waystone'), 'dir');
  symlinkSync(join('..', 'waystone', 'bin', 'waystone.js'), join(modules, '.bin', 'waystone'));
  for (const name of ['vitest', '@types/node']) {
    const at = installedPackageDir(name);
    if (at === null) continue; // `waystone test` says what is missing when it is run
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(at, join(modules, name), 'dir');
  }
}

export function initMessage(dir: string, target: string): string {
  const typed = shellQuoted(dir);
  return [
    `Created a new game in ${target}`,
    `  ${join(dir, 'settings.ts')}            your settings (only what you change)`,
    `  ${join(dir, 'connection-screen.txt')}  what players see before login`,
    `  ${join(dir, 'game.ts')}                your game's code: commands, help, typeclasses`,
    `  ${join(dir, 'world')}/                 the world's build file and its living parts`,
    `  ${join(dir, 'commands')}/              your commands, with a test beside each`,
    `  ${join(dir, 'menus')}/                 menus (character creation)`,
    `  ${join(dir, 'help')}/                  help entries, one Markdown file each`,
    '',
    'Start it with:',
    `  npx waystone start --game-dir ${typed}`,
    'then connect with any MUD client or `telnet 127.0.0.1 4000`.',
    'Type-check it and run its tests with:',
    `  cd ${typed} && npm test`,
  ].join('\n');
}

/** The directory as it would be typed in a shell: quoted when it has spaces or quotes. */
function shellQuoted(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

interface ListeningPort {
  setting: 'telnetPort' | 'webPort' | 'linkPort' | 'telnetTlsPort' | 'sshPort';
  port: number;
}

/** The ports a game with this config listens on; 0 (chosen by the OS) is never taken. */
export function listeningPorts(config: Config): ListeningPort[] {
  const ports: ListeningPort[] = [];
  if (config.telnetEnabled) ports.push({ setting: 'telnetPort', port: config.telnetPort });
  if (config.webEnabled) ports.push({ setting: 'webPort', port: config.webPort });
  ports.push({ setting: 'linkPort', port: config.linkPort });
  if (config.telnetTlsEnabled) ports.push({ setting: 'telnetTlsPort', port: config.telnetTlsPort });
  if (config.sshEnabled) ports.push({ setting: 'sshPort', port: config.sshPort });
  return ports.filter((p) => p.port !== 0);
}

/** Binds the port on 127.0.0.1 for a moment: null when it could, else why not (EADDRINUSE…). */
export function tryBind(port: number): Promise<string | null> {
  return new Promise((resolveBind) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolveBind(err.code ?? err.message));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolveBind(null)),
    );
  });
}

/**
 * One warning per port the new game cannot have, naming the setting to change. The ports are
 * the ones `start` would use now: the game's settings, with any WAYSTONE_* variable set here.
 */
export async function portWarnings(target: string, dir: string): Promise<string[]> {
  const { config } = await loadConfig(target);
  const warnings: string[] = [];
  for (const { setting, port } of listeningPorts(config)) {
    const refusal = await tryBind(port);
    if (refusal === null) continue;
    const why =
      refusal === 'EADDRINUSE' ? 'is in use by another program' : `cannot be used (${refusal})`;
    warnings.push(
      `Warning: port ${port} (${setting}) on 127.0.0.1 ${why}. Before starting, set ${setting}` +
        ` to a free port in ${join(dir, SETTINGS_FILE)} (or ${envNameFor(setting)}).`,
    );
  }
  return warnings;
}
