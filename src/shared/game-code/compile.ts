/**
 * Compiles a game directory's own TypeScript (and JavaScript) to ES modules with esbuild: one
 * `.mjs` file and source map per source file, the directory's layout kept, nothing bundled.
 * Runs in a short-lived child process (compile-main.ts), so the Portal and the Server never
 * carry esbuild's memory or its service process.
 *
 * What the game's code sees is what it wrote: relative imports of its own files point at their
 * compiled twins, imports of other files (JSON, text) at the originals, packages (`waystone`,
 * node:*) resolve as before — from `.waystone/code/<hash>/` inside the game directory, so
 * `<game>/node_modules/waystone` or the package around the game is found as it would be — and
 * `import.meta.url`/`filename`/`dirname` name the source file, not the compiled one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Message, type Plugin } from 'esbuild';

/** Files the game's code is written in; each becomes a module of its own. */
export const GAME_CODE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** A source file's compiled name: `world/bell.ts` → `world/bell.mjs`. */
export function compiledName(file: string): string {
  return `${file.slice(0, file.length - extname(file).length)}.mjs`;
}

/**
 * The game file a relative import names, if it is one of the compiled sources. NodeNext code
 * may write `./x.js` for `./x.ts`; both mean the compiled `./x.mjs`.
 */
function sourceFor(path: string, sources: ReadonlySet<string>): string | null {
  if (sources.has(path)) return path;
  const ext = extname(path);
  if (ext === '.js' || ext === '.mjs') {
    for (const alt of ['.ts', '.mts']) {
      const candidate = path.slice(0, -ext.length) + alt;
      if (sources.has(candidate)) return candidate;
    }
  }
  return null;
}

const META = /\bimport\.meta\.(url|filename|dirname)\b/g;

/**
 * `inline`: the game's own files an entry imports are bundled into it (one standalone module);
 * otherwise each stays a module of its own.
 */
function gamePlugin(sources: ReadonlySet<string>, inline: boolean): Plugin {
  return {
    name: 'waystone-game-code',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (!args.path.startsWith('.') && !isAbsolute(args.path)) {
          return { path: args.path, external: true };
        }
        const target = resolve(args.resolveDir, args.path);
        const source = sourceFor(target, sources);
        if (source !== null && inline) return { path: source };
        if (source === null) {
          // Not code we compile (a JSON or text file, or a missing file Node will report):
          // import the original where it lies.
          return { path: pathToFileURL(target).href, external: true };
        }
        // Written as the import was, with the compiled extension: the layout is the same.
        return { path: compiledName(args.path), external: true };
      });
      b.onLoad({ filter: /\.[mc]?[jt]s$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const url = pathToFileURL(args.path).href;
        const contents = text.replace(META, (_all, what: string) =>
          JSON.stringify(
            what === 'url' ? url : what === 'filename' ? args.path : dirname(args.path),
          ),
        );
        const ext = extname(args.path);
        return { contents, loader: ext === '.ts' || ext === '.mts' ? 'ts' : 'js' };
      });
    },
  };
}

/** esbuild's errors as `/abs/file.ts:12:5: ERROR: text` lines (start-failure.ts reads them). */
export function describeCompileErrors(errors: Message[], gameDir: string): string {
  return errors
    .map((m) =>
      m.location
        ? `${resolve(gameDir, m.location.file)}:${m.location.line}:${m.location.column}: ERROR: ${m.text}`
        : `ERROR: ${m.text}`,
    )
    .join('\n');
}

export interface CompileRequest {
  gameDir: string;
  /** Every source file of the game (absolute paths inside gameDir). */
  sources: readonly string[];
  outDir: string;
  /**
   * Compile only this file, with the game's files it imports bundled in: settings.ts, which
   * every process loads, so that an error elsewhere in the game stops only the Server.
   */
  standalone?: string;
}

/**
 * Compiles the game into `outDir` (every source, or one standalone file). Rejects with an Error
 * whose message is describeCompileErrors' lines when the code does not compile.
 */
export async function compileGameCode(request: CompileRequest): Promise<void> {
  const { gameDir, sources, outDir, standalone } = request;
  const set = new Set(sources);
  const tsconfig = join(gameDir, 'tsconfig.json');
  try {
    await build({
      entryPoints: standalone === undefined ? [...sources] : [standalone],
      outdir: outDir,
      outbase: gameDir,
      absWorkingDir: gameDir,
      bundle: true,
      plugins: [gamePlugin(set, standalone !== undefined)],
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outExtension: { '.js': '.mjs' },
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
      ...(existsSync(tsconfig) ? { tsconfig } : {}),
    });
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors;
    if (errors?.length) throw new Error(describeCompileErrors(errors, gameDir), { cause: err });
    throw err;
  }
}
