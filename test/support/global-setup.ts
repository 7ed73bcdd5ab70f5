/**
 * Before any test file: the compiled engine in dist/ is what every Portal and Server a test
 * starts runs (src/shared/entrypoints.ts), so rebuild it if src/ changed since the last build.
 */
// @ts-expect-error -- plain JavaScript without types, shared with bin/waystone.js
import { ensureBuilt } from '../../tools/ensure-built.js';

export default function setup(): void {
  (ensureBuilt as (say?: (line: string) => void) => void)();
}
