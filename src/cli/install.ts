/**
 * This waystone installation: where it lives, the game template it ships, and the packages it
 * brought with it (TypeScript and Vitest, which a game's `waystone test` borrows).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../shared/entrypoints.ts';

/** The root of the waystone package this launcher runs from. */
export { PACKAGE_ROOT };

/** The repository's default game, copied by `waystone init`. */
export const TEMPLATE_DIR = join(PACKAGE_ROOT, 'game');

const requireFromPackage = createRequire(join(PACKAGE_ROOT, 'package.json'));

/** The directory of a package as waystone resolves it, or null when it is not installed. */
export function installedPackageDir(name: string): string | null {
  try {
    return dirname(requireFromPackage.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}
