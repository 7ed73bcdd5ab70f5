/**
 * Running build files (build-world.ts). A run goes:
 *
 *   find the file   a path inside the game directory (`world/build.ts`, `world/build`, or
 *                   Evennia's dotted `world.build`); anything outside it is BUILD_FILE
 *   load it         imported afresh each run (an edited file needs no reload); its default
 *                   export is the build function
 *   rehearse        the whole file as a dry run: every step checked, nothing changed — a file
 *                   with a bad step (an unknown typeclass or prototype, a bad lock, a tag on two
 *                   objects) or one that throws fails here, and the world is as it was
 *   run             unless only a dry run was asked for: the same steps for real, in one batch
 *                   of the object manager — what they change on existing objects commits as one
 *                   unit when the file is done; new objects are stored as they are made (the
 *                   database gives them their ids)
 *
 * Should the real run still fail (a `live` step that throws), what it made stays and the error
 * says how far it got; the file, being idempotent, picks up from there when run again.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { isWaystoneError, WaystoneError } from '../../shared/errors.ts';
import { importGameModule } from '../../shared/game-code/game-code.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { ObjectManager } from '../objects/object-manager.ts';
import type { PrototypeRegistry } from '../prototypes/registry.ts';
import { BuildSession } from './build-session.ts';
import type { BuildFile, BuildReport } from './build-world.ts';

export interface BuildRunnerOptions {
  objects: ObjectManager;
  prototypes: PrototypeRegistry;
  /** Build files must lie inside it. */
  gameDir: string;
  /** The starting room (`world.limbo`). */
  limbo: () => DefaultObject;
}

export interface RunOptions {
  /** Only the rehearsal: report what would change, change nothing. */
  dryRun?: boolean;
}

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

export class BuildRunner {
  readonly #opts: BuildRunnerOptions;
  /** Makes each import of a file a fresh module, so edits show without a reload. */
  #runs = 0;

  constructor(opts: BuildRunnerOptions) {
    this.#opts = opts;
  }

  /** Rehearses `build`, then (unless `dryRun`) runs it for real; what it did or would do. */
  async run(build: BuildFile, options: RunOptions = {}, name = 'the build'): Promise<BuildReport> {
    const rehearsal = this.#session(true);
    await this.#call(build, rehearsal, name);
    if (options.dryRun === true) return rehearsal.report();
    const session = this.#session(false);
    try {
      await this.#opts.objects.batch(() => this.#call(build, session, name));
    } catch (err) {
      const done = session.report();
      throw new WaystoneError(
        'BUILD_FILE',
        `${(err as Error).message} The real run stopped after creating ${done.created} and ` +
          `updating ${done.updated} object(s); fix the file and run it again: it picks up from there.`,
        { cause: err },
      );
    }
    return session.report();
  }

  /** Finds, loads and runs a build file (a path inside the game directory). */
  async runFile(path: string, options: RunOptions = {}): Promise<BuildReport & { file: string }> {
    const file = this.resolvePath(path);
    const build = await this.#load(file);
    const shown = relative(realpathSync(this.#opts.gameDir), file);
    return { ...(await this.run(build, options, shown)), file: shown };
  }

  /** The real path of a build file; BUILD_FILE when it is missing or outside the game. */
  resolvePath(path: string): string {
    const wanted = path.trim();
    if (wanted === '')
      throw new WaystoneError('BUILD_FILE', 'Which build file? (e.g. world/build.ts)');
    const root = realpathSync(this.#opts.gameDir);
    const candidates = [wanted];
    if (!EXTENSIONS.includes(extname(wanted))) {
      candidates.push(`${wanted}.ts`);
      // Evennia's habit: `batchcode world.build` for world/build.
      if (!wanted.includes('/') && wanted.includes('.')) {
        candidates.push(`${wanted.replaceAll('.', '/')}.ts`);
      }
    }
    for (const candidate of candidates) {
      const full = isAbsolute(candidate) ? candidate : resolve(root, candidate);
      if (!existsSync(full)) continue;
      const real = realpathSync(full);
      if (!real.startsWith(root + sep)) {
        throw new WaystoneError(
          'BUILD_FILE',
          `${wanted} is outside the game directory; build files must be inside it.`,
        );
      }
      if (!statSync(real).isFile() || !EXTENSIONS.includes(extname(real))) {
        throw new WaystoneError('BUILD_FILE', `${wanted} is not a .ts or .js file.`);
      }
      return real;
    }
    throw new WaystoneError(
      'BUILD_FILE',
      `There is no build file ${wanted} in the game directory.`,
    );
  }

  async #load(file: string): Promise<BuildFile> {
    let mod: { default?: unknown };
    try {
      // A fresh instance each run (`?run=`), from the sources as they are now.
      mod = (await importGameModule(this.#opts.gameDir, file, {
        query: `?run=${++this.#runs}`,
      })) as { default?: unknown };
    } catch (err) {
      throw new WaystoneError('BUILD_FILE', `Could not load ${file}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (typeof mod.default !== 'function') {
      throw new WaystoneError(
        'BUILD_FILE',
        `${file} must export default a build function: export default async function build(world) {…}`,
      );
    }
    return mod.default as BuildFile;
  }

  #session(dryRun: boolean): BuildSession {
    const { objects, prototypes, limbo } = this.#opts;
    return new BuildSession({ objects, prototypes, limbo: limbo(), dryRun });
  }

  async #call(build: BuildFile, session: BuildSession, name: string): Promise<void> {
    try {
      await build(session);
    } catch (err) {
      const unchanged = session.dryRun ? ' Nothing was changed.' : '';
      if (isWaystoneError(err, 'BUILD_INVALID')) {
        throw new WaystoneError('BUILD_INVALID', `${err.message}${unchanged}`, { cause: err });
      }
      throw new WaystoneError(
        'BUILD_FILE',
        `${name} failed: ${(err as Error).message}.${unchanged}`,
        { cause: err },
      );
    }
  }
}
