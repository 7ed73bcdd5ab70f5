/**
 * The files each process starts from, as paths, so a parent can spawn a child without importing
 * its code (the launcher spawns the Portal; the Portal spawns the Server). Every process runs
 * TypeScript directly through tsx's loader, which also loads the game directory's own code.
 */
import { fileURLToPath } from 'node:url';

export const PORTAL_ENTRY = fileURLToPath(new URL('../portal/main.ts', import.meta.url));
export const SERVER_ENTRY = fileURLToPath(new URL('../server/main.ts', import.meta.url));

/** `node` arguments that run `entry` under tsx. */
export function nodeArgsFor(entry: string, args: string[]): string[] {
  return ['--import', import.meta.resolve('tsx'), entry, ...args];
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
