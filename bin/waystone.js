#!/usr/bin/env node
// The `waystone` command. Waystone and the games built on it are TypeScript run directly through
// tsx's loader, so register it before loading the launcher.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
try {
  process.exitCode = await main(process.argv);
} catch (err) {
  process.stderr.write(
    `waystone: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
}
