/**
 * The files each process starts from, as paths, so a parent can spawn a child without importing
 * its code (the launcher spawns the Portal; the Portal spawns the Server). Every process runs
 * the compiled engine in dist/ (tools/build.ts), also when the parent is the TypeScript source
 * itself (the tests): processes never compile the engine as they start.
 */
import { fileURLToPath } from 'node:url';

/** dist/ of this package, whether this module is src/shared/*.ts or its compiled twin. */
const DIST = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/', import.meta.url)
  : new URL('../', import.meta.url);

/** A compiled engine file by its path under src/, e.g. `portal/main.ts`. */
export function compiledEntry(srcPath: string): string {
  return fileURLToPath(new URL(srcPath.replace(/\.ts$/, '.js'), DIST));
}

export const PORTAL_ENTRY = compiledEntry('portal/main.ts');
export const SERVER_ENTRY = compiledEntry('server/main.ts');

/**
 * `node` arguments that run `entry`. Source maps make stack traces name the .ts file and line,
 * the engine's (dist/ has a map per file) and the game's (its code is compiled the same way).
 */
export function nodeArgsFor(entry: string, args: string[]): string[] {
  return ['--enable-source-maps', entry, ...args];
}

/**
 * The environment for a Portal or Server process: `base`, with glibc's malloc arenas capped
 * at 2 unless the caller chose otherwise. Node's threads (libuv's pool hashing passwords,
 * zlib) would otherwise each get an arena, and after a burst of logins the Server kept tens of
 * megabytes per thousand sessions that it no longer used.
 */
export function processEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { MALLOC_ARENA_MAX: '2', ...base };
}
