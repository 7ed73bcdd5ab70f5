/**
 * `waystone test` (a game's `npm test`): type-check the game's code with its tsconfig.json, then
 * run its tests with Vitest (every *.test.ts outside node_modules, or what the game's own
 * vitest.config.ts says). Both tools come from this waystone installation, so a new game needs
 * no development dependencies of its own. Both steps always run, so one run shows every
 * problem; the exit code is 0 only when both pass.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../exit-codes.ts';
import { checkGameDir } from '../game-dir.ts';
import { installedPackageDir, PACKAGE_ROOT, TEMPLATE_DIR } from '../install.ts';
import type { Print } from '../print.ts';

/** A package's command-line script, as its package.json names it under `bin`. */
const TOOLS = {
  typescript: join('bin', 'tsc'),
  vitest: 'vitest.mjs',
} as const;

function toolPath(name: keyof typeof TOOLS): string | null {
  const dir = installedPackageDir(name);
  return dir === null ? null : join(dir, TOOLS[name]);
}

// A TypeScript file Vitest reads itself: the source, also when the launcher runs compiled.
const GAME_VITEST_CONFIG = join(PACKAGE_ROOT, 'src', 'cli', 'commands', 'game-vitest.config.ts');

/** A vitest.config.* or vite.config.* of the game's own, which Vitest then uses instead. */
function ownVitestConfig(gameDir: string): boolean {
  return readdirSync(gameDir).some((file) => /^vite(st)?\.config\.[cm]?[jt]s$/.test(file));
}

/** Runs a tool with this Node, its output straight to the terminal; resolves to its exit code. */
function run(script: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolveRun(signal ? 128 : (code ?? 1)));
  });
}

/** `filters` narrow the tests Vitest runs (file name parts), as `vitest run <filter>` does. */
export async function testGame(dir: string, filters: string[], print: Print): Promise<number> {
  const gameDir = checkGameDir(dir);
  const tsconfig = join(gameDir, 'tsconfig.json');
  if (!existsSync(tsconfig)) {
    print(
      `${gameDir} has no tsconfig.json to type-check it with; copy the template's: ${join(TEMPLATE_DIR, 'tsconfig.json')}`,
    );
    return EXIT.USAGE;
  }
  const tsc = toolPath('typescript');
  const vitest = toolPath('vitest');
  if (tsc === null || vitest === null) {
    const missing = [tsc === null && 'typescript', vitest === null && 'vitest'].filter(Boolean);
    print(
      `waystone test needs ${missing.join(' and ')}, which come with waystone; reinstall it (npm install waystone).`,
    );
    return EXIT.FAILED;
  }

  print(`Type-checking ${gameDir} (tsc --noEmit -p tsconfig.json)…`);
  const typecheck = await run(tsc, ['--noEmit', '-p', tsconfig], gameDir);
  if (typecheck === 0) print('Type check passed.');
  print('Running the tests (vitest run)…');
  const config = ownVitestConfig(gameDir) ? [] : ['--config', GAME_VITEST_CONFIG];
  const tests = await run(vitest, ['run', '--root', gameDir, ...config, ...filters], gameDir);

  const verdict = (code: number): string => (code === 0 ? 'passed' : 'FAILED');
  print(`waystone test: type check ${verdict(typecheck)}, tests ${verdict(tests)}.`);
  return typecheck === 0 && tests === 0 ? EXIT.OK : EXIT.FAILED;
}
