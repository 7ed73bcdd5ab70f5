/**
 * Before any test file: the compiled engine in dist/ is what every Portal and Server a test
 * starts runs (src/shared/entrypoints.ts), so rebuild it if src/ changed since the last build.
 */
import { ensureBuilt } from '../../tools/ensure-built.js';

export default function setup(): void {
  ensureBuilt();
}
