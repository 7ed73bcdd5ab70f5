/**
 * Preload for profiling processes we do not spawn ourselves (the Portal spawns the Server):
 * `NODE_OPTIONS="--import ./bench/profile/cpu-prof-on-signal.mjs"` with WAYSTONE_CPU_PROF_DIR
 * set. The first SIGUSR2 starts V8's CPU profiler, the second writes
 * `<dir>/<entry>-<pid>.cpuprofile` (entry: the script's file name), so a profile covers exactly
 * the measured phase of a load and not start-up or logins. (--cpu-prof itself is not allowed in
 * NODE_OPTIONS.)
 */
import { Session } from 'node:inspector';
import process from 'node:process';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const dir = process.env.WAYSTONE_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.start'));
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      const entry = basename(process.argv[1] ?? 'node').replace(/\.[jt]s$/, '');
      writeFileSync(
        join(dir, `${entry}-${process.pid}.cpuprofile`),
        JSON.stringify(result.profile),
      );
    });
  });
}
