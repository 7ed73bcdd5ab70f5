/**
 * Where the engine's files are, and the files each process starts from, as paths, so a parent
 * can spawn a child without importing its code (the launcher spawns the Portal; the Portal
 * spawns the Server). Every process runs the compiled engine in dist/ (tools/build.ts), also
 * when the parent is the TypeScript source itself (the tests): processes never compile the
 * engine as they start.
 *
 * dist/ is flat: every compiled file (the entries below, the shared chunks) lies directly in it,
 * so a path relative to the compiled module is the same whichever file esbuild put it in.
 */
import { fileURLToPath } from 'node:url';

/** dist/ of this package, whether this module is src/shared/*.ts or compiled into dist/. */
const DIST = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/', import.meta.url)
  : new URL('./', import.meta.url);

/** The root of the waystone package (holding dist/, src/ and the game template). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../', DIST));

/** A path inside dist/. */
export function distPath(name: string): string {
  return fileURLToPath(new URL(name, DIST));
}

/** Each process's entry: its source under src/ and its compiled file in dist/. */
export const ENTRIES = {
  'portal-main': 'portal/main.ts',
  'server-main': 'server/main.ts',
  'cli-main': 'cli/main.ts',
  index: 'index.ts',
  'compile-game': 'shared/game-code/compile-main.ts',
  'echo-server': 'loadtest/echo-server-main.ts',
} as const;

export const PORTAL_ENTRY = distPath('portal-main.js');
export const SERVER_ENTRY = distPath('server-main.js');

/**
 * V8 flags by process, each kept because it measured worth it (2,000 idle puppeting sessions
 * after a quiet minute; CPU per command under a closed loop and a room of talkers):
 * - Portal, `--max-semi-space-size=2` (MB): a login burst grew its young generation to V8's
 *   16 MB × 2 and it stayed grown — 124 → 89 MB RSS at 2,000 sessions (27 → 9.5 KB per
 *   session), with no CPU difference above noise.
 * - Server: none. The same flag cost it 40–70 % more CPU per `say` (more scavenges, more
 *   promotion of a turn's short-lived objects) for 3 MB.
 */
const NODE_FLAGS = new Map<string, string[]>([[PORTAL_ENTRY, ['--max-semi-space-size=2']]]);

/**
 * `node` arguments that run `entry`. Source maps make stack traces name the .ts file and line,
 * the engine's (dist/ has a map per file) and the game's (its code is compiled the same way).
 */
export function nodeArgsFor(entry: string, args: string[]): string[] {
  return ['--enable-source-maps', ...(NODE_FLAGS.get(entry) ?? []), entry, ...args];
}

/**
 * The environment for a Portal or Server process: `base`, with glibc's malloc tuned unless the
 * caller chose otherwise:
 * - arenas capped at 2: Node's threads (libuv's pool hashing passwords, zlib) would otherwise
 *   each get an arena, and after a burst of logins the Server kept tens of megabytes per
 *   thousand sessions that it no longer used;
 * - fixed mmap and trim thresholds (128 KB, glibc's starting values): otherwise glibc raises them
 *   after an argon2 hash frees its 4 MB buffer, later allocations up to that size come from the
 *   heap, and freed memory stays with the process (Server RSS per idle session after a login
 *   burst, 2,000 sessions: 95 → 66 KB).
 */
export function processEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    MALLOC_ARENA_MAX: '2',
    MALLOC_MMAP_THRESHOLD_: '131072',
    MALLOC_TRIM_THRESHOLD_: '131072',
    ...base,
  };
}
