/**
 * Preload for measuring the memory of processes we do not spawn ourselves:
 * `NODE_OPTIONS="--expose-gc --import ./bench/profile/heap-on-signal.mjs"` with
 * WAYSTONE_HEAP_DIR set. Each SIGUSR2 collects garbage, then writes
 * `<dir>/<entry>-<pid>-<n>.json` (process.memoryUsage() after the collection) and, with
 * WAYSTONE_HEAP_SNAPSHOT=1, `<dir>/<entry>-<pid>-<n>.heapsnapshot` (summarise with
 * heap-summary.ts).
 */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import process from 'node:process';
import { writeHeapSnapshot } from 'node:v8';

const dir = process.env.WAYSTONE_HEAP_DIR;
if (dir) {
  let n = 0;
  process.on('SIGUSR2', () => {
    n += 1;
    globalThis.gc?.();
    const entry = basename(process.argv[1] ?? 'node').replace(/\.[jt]s$/, '');
    const base = join(dir, `${entry}-${process.pid}-${n}`);
    writeFileSync(`${base}.json`, JSON.stringify(process.memoryUsage()));
    if (process.env.WAYSTONE_HEAP_SNAPSHOT === '1') writeHeapSnapshot(`${base}.heapsnapshot`);
  });
}
