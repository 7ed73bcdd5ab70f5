/**
 * Loading the game's own code (settings.ts, game.ts, build files) in a process that runs the
 * compiled engine. The game's sources are compiled once per version of them into
 * `<game>/.waystone/code/<hash>/` (compile.ts, in a child process) and imported from there;
 * the hash is of every source file's path and contents, so the launcher, the Portal and the
 * Server share one compile, an unchanged game starts without compiling, and an edit followed
 * by `reload` gets a directory of its own while the running Server keeps the one it loaded.
 *
 * Run from the TypeScript sources (Vitest), the engine imports the game's .ts files directly.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distPath } from '../entrypoints.ts';
import { WaystoneError } from '../errors.ts';
import { makePrivateDir } from '../private-files.ts';
import { compiledName, GAME_CODE_EXTENSIONS, type CompileRequest } from './compile.ts';

/** Directories of a game that hold no code of its own. */
const NOT_CODE = new Set(['node_modules', 'run', 'logs', 'certs', '.waystone', '.git']);

/**
 * How many compiled versions are kept (a version of the whole game and one of settings.ts per
 * edit): the running Server's and a few before it.
 */
const KEEP_VERSIONS = 8;
/** A half-written version younger than this may be another process's compile in progress. */
const PARTIAL_GRACE_MS = 5 * 60_000;

const FROM_SOURCE = import.meta.url.endsWith('.ts');

function gameSources(gameDir: string, dir = gameDir, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!NOT_CODE.has(entry.name)) gameSources(gameDir, path, out);
    } else if (
      entry.isFile() &&
      GAME_CODE_EXTENSIONS.includes(extname(entry.name)) &&
      !/\.(test|spec)\.[mc]?[jt]s$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
    ) {
      out.push(path);
    }
  }
  return out;
}

function versionOf(gameDir: string, sources: string[]): string {
  const hash = createHash('sha256');
  for (const file of sources.sort()) {
    hash.update(relative(gameDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function runCompiler(request: CompileRequest): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [distPath('compile-game.js')], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    child.stdin.end(JSON.stringify(request));
    let errors = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (errors.length < 64 * 1024) errors += text;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolveRun();
      else reject(new Error(errors.trim() || `the game's code compiler exited with ${code}`));
    });
  });
}

/** `settings.ts` → `settings`: names a standalone version's directory. */
function standaloneTag(gameDir: string, file: string): string {
  return compiledName(relative(gameDir, file))
    .slice(0, -4)
    .replace(/[^A-Za-z0-9]+/g, '_');
}

/** Removes all but the newest KEEP_VERSIONS compiled versions (and any stray half-written one). */
function prune(codeDir: string, current: string): void {
  const versions = readdirSync(codeDir)
    .filter((name) => name !== current)
    .map((name) => ({ name, mtime: statSync(join(codeDir, name)).mtimeMs }))
    .filter((v) => !v.name.startsWith('.partial-') || Date.now() - v.mtime > PARTIAL_GRACE_MS)
    .sort((a, b) => b.mtime - a.mtime);
  for (const { name } of versions.slice(KEEP_VERSIONS - 1)) {
    rmSync(join(codeDir, name), { recursive: true, force: true });
  }
}

/**
 * The directory holding the compiled game for its current sources, compiling it if no process
 * has yet. Rejects with the compiler's `file:line:column: ERROR: …` lines. With `standalone`,
 * a version of its own holding only that file (see CompileRequest).
 */
export async function compiledGameDir(gameDir: string, standalone?: string): Promise<string> {
  const sources = gameSources(gameDir);
  const version =
    versionOf(gameDir, sources) +
    (standalone === undefined ? '' : `-${standaloneTag(gameDir, standalone)}`);
  const codeDir = join(gameDir, '.waystone', 'code');
  // Owner-only like the rest of .waystone (the game's code may hold secrets).
  makePrivateDir(codeDir, { tighten: true });
  const target = join(codeDir, version);
  if (existsSync(target)) {
    // In use again: pruning goes by age, so mark it as recent.
    const now = new Date();
    utimesSync(target, now, now);
    return target;
  }
  const partial = join(codeDir, `.partial-${process.pid}-${Date.now()}`);
  try {
    await runCompiler({
      gameDir,
      sources,
      outDir: partial,
      ...(standalone === undefined ? {} : { standalone }),
    });
    try {
      renameSync(partial, target);
    } catch (err) {
      // Another process compiled the same version first: use theirs.
      if (!existsSync(target)) throw err;
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  prune(codeDir, version);
  return target;
}

/**
 * Imports a module of the game's code by its source path (inside `gameDir`). `query` is added
 * to the URL to load a fresh instance (build files are re-run after edits).
 */
export async function importGameModule(
  gameDir: string,
  file: string,
  options: { query?: string; standalone?: boolean } = {},
): Promise<unknown> {
  const query = options.query ?? '';
  if (FROM_SOURCE) return import(pathToFileURL(file).href + query);
  const rel = relative(realpathSync(gameDir), realpathSync(file));
  if (rel.startsWith('..') || rel.split(sep).includes('..')) {
    throw new WaystoneError('GAME_CODE', `${file} is not inside the game directory ${gameDir}.`);
  }
  const dir = await compiledGameDir(gameDir, options.standalone ? file : undefined);
  const compiled = join(dir, compiledName(rel));
  if (!existsSync(compiled)) {
    throw new WaystoneError('GAME_CODE', `${file} is not part of the game's code.`);
  }
  return import(pathToFileURL(compiled).href + query);
}
