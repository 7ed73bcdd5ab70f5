/**
 * Compiles the engine to JavaScript in dist/ and prebuilds the webclient's bundle there.
 * Every process runs dist/: running TypeScript through a loader cost each process about 33 MB
 * (tsx's loader thread and its esbuild service) and every start a compile.
 *
 *   npm run build        (npm install runs it too: the `prepare` script)
 *
 * One bundle per process entry (src/shared/entrypoints.ts ENTRIES) with the code they share in
 * chunks, all directly in dist/: a few dozen files instead of ~440 of ours and ~500 of kysely's
 * and zod's. Node loads an ES module graph with every file open at once, and a Server under a
 * 300-descriptor limit failed to start (EMFILE); fewer, smaller files also start faster and
 * keep less source text in memory. Packages with native parts or worker files of their own stay
 * outside (see EXTERNAL). The game's `import 'waystone'` is dist/index.js, whose chunks are the
 * Server's own: one copy of every class.
 *
 * Source maps name the .ts file and line in stack traces (processes start with
 * --enable-source-maps). The build is written beside dist/ and swapped in with two renames, so a
 * game running from the old one keeps whole files. `dist/.stamp` records when it was built:
 * bin/waystone.js rebuilds a checkout whose src/ is newer.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ENTRIES } from '../src/shared/entrypoints.ts';
import { buildWebclient } from '../src/portal/web/build-webclient.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');

/**
 * Left as imports: native addons (better-sqlite3, argon2, ssh2's optional crypto, pg's), pino
 * (its transports run files of their own in worker threads), esbuild (a binary), the test and
 * build tools a game borrows, and ws's optional native helpers.
 */
const EXTERNAL = [
  'better-sqlite3',
  '@node-rs/argon2',
  'ssh2',
  'cpu-features',
  'pg',
  'pg-native',
  'pino',
  'pino-pretty',
  'thread-stream',
  'esbuild',
  'tsx',
  'typescript',
  'vitest',
  'vitest/*',
  'playwright-core',
  'bufferutil',
  'utf-8-validate',
];

export async function buildEngine(): Promise<{ files: number; ms: number }> {
  const started = performance.now();
  const next = `${DIST}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  const entryPoints = Object.fromEntries(
    Object.entries(ENTRIES).map(([name, path]) => [name, join(SRC, path)]),
  );
  const result = await build({
    entryPoints,
    outdir: next,
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    external: EXTERNAL,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Bundled CommonJS packages (ws, commander…) call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __waystoneRequire } from 'node:module'; const require = __waystoneRequire(import.meta.url);",
    },
    // Whitespace and syntax only: names stay (stack traces, class names); the source map maps
    // back to the .ts lines. V8 keeps every module's source text in memory.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    // The .ts files are beside dist/: a map that points at them is enough for stack traces.
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  const webclient = await buildWebclient();
  const assetDir = join(next, 'webclient');
  mkdirSync(assetDir, { recursive: true });
  for (const [name, asset] of webclient.assets)
    writeFileSync(join(assetDir, name.slice(1)), asset.body);
  writeFileSync(join(next, '.stamp'), `${new Date().toISOString()}\n`);
  const old = `${DIST}.old-${process.pid}`;
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(next, DIST);
  rmSync(old, { recursive: true, force: true });
  const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length;
  return { files, ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { files, ms } = await buildEngine();
  if (!process.argv.includes('--quiet')) {
    process.stdout.write(
      `waystone: compiled the engine to ${files} files in ${relative(process.cwd(), DIST) || DIST}/ in ${ms} ms\n`,
    );
  }
}
