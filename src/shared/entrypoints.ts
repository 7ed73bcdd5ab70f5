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
