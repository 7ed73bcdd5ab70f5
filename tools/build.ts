/**
 * Compiles the engine (src/, without tests and the browser client) to JavaScript in dist/, one
 * .js file and source map per .ts file, and prebuilds the webclient's bundle beside the Portal.
 * Every process runs dist/: running TypeScript through a loader cost each process about 33 MB
 * (tsx's loader thread and its esbuild service) and every start a compile.
 *
 *   npm run build        (npm install runs it too: the `prepare` script)
 *
 * Source maps name the .ts file and line in stack traces (processes start with
 * --enable-source-maps). The build is written beside dist/ and swapped in with two renames, so a
 * game running from the old one keeps whole files. `dist/.stamp` records when it was built:
 * bin/waystone.js rebuilds a checkout whose src/ is newer.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { buildWebclient, WEBCLIENT_ASSET_DIR } from '../src/portal/web/build-webclient.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');

/** Files copied as they are, for code that reads them beside itself. */
const ASSETS = ['loadtest/profiles'];

function engineSources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // The webclient's own code runs in browsers: it is bundled on its own below.
      if (relative(SRC, path) !== join('portal', 'web', 'client')) engineSources(path, out);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      out.push(path);
    }
  }
  return out;
}

/**
 * Each file stays a module of its own: every import is left external, with `./x.ts` written as
 * `./x.js` (esbuild's plain transform keeps import paths as written).
 */
const keepImports: Plugin = {
  name: 'keep-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const relativeTs = args.path.startsWith('.') && args.path.endsWith('.ts');
      return { path: relativeTs ? `${args.path.slice(0, -3)}.js` : args.path, external: true };
    });
  },
};

export async function buildEngine(): Promise<{ files: number; ms: number }> {
  const started = performance.now();
  const next = `${DIST}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  const entryPoints = engineSources(SRC);
  await build({
    entryPoints,
    outdir: next,
    outbase: SRC,
    bundle: true,
    plugins: [keepImports],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Whitespace and syntax only: names stay (stack traces, class names); the source map maps
    // back to the .ts lines. V8 keeps every module's source text in memory: 1.5 → 0.9 MB.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    // The .ts files are beside dist/: a map that points at them is enough for stack traces.
    sourcesContent: false,
    logLevel: 'warning',
  });
  for (const asset of ASSETS) cpSync(join(SRC, asset), join(next, asset), { recursive: true });
  const webclient = await buildWebclient();
  const assetDir = join(next, relative(SRC, WEBCLIENT_ASSET_DIR));
  mkdirSync(assetDir, { recursive: true });
  for (const [name, asset] of webclient.assets) writeFileSync(join(assetDir, name), asset.body);
  writeFileSync(join(next, '.stamp'), `${new Date().toISOString()}\n`);
  const old = `${DIST}.old-${process.pid}`;
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(next, DIST);
  rmSync(old, { recursive: true, force: true });
  return { files: entryPoints.length, ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { files, ms } = await buildEngine();
  if (!process.argv.includes('--quiet')) {
    process.stdout.write(
      `waystone: compiled ${files} files to ${relative(process.cwd(), DIST) || DIST}/ in ${ms} ms\n`,
    );
  }
}
