#!/usr/bin/env node
// The `waystone` command. It runs the compiled engine in dist/ (built by `npm install`, or
// `npm run build`); in a checkout whose src/ changed since that build it rebuilds first (a few
// seconds), so an edited engine is never run stale.
import { existsSync } from 'node:fs';

// Stack traces name the .ts file and line (dist/ has a source map per file).
process.setSourceMapsEnabled(true);

const checkout = new URL('../tools/ensure-built.js', import.meta.url);
try {
  if (existsSync(checkout)) (await import(checkout.href)).ensureBuilt();
  else if (!existsSync(new URL('../dist/.stamp', import.meta.url))) {
    throw new Error('the compiled engine (dist/) is missing; reinstall waystone');
  }
  const { main } = await import('../dist/cli-main.js');
  process.exitCode = await main(process.argv);
} catch (err) {
  process.stderr.write(
    `waystone: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
}
