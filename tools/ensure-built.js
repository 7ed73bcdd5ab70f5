// Rebuilds dist/ when src/ in this checkout changed since the last build (dist/.stamp). Used by
// bin/waystone.js and by the test run's global setup, so nothing ever runs a stale engine.
// Plain JavaScript: it runs before there is any compiled engine.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The newest modification time under `dir`, in ms (about 450 files: a few milliseconds). */
function newest(dir) {
  let latest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** True when dist/ is missing or older than src/. */
export function isStale() {
  const stamp = `${ROOT}dist/.stamp`;
  return !existsSync(stamp) || newest(`${ROOT}src`) > statSync(stamp).mtimeMs;
}

/** Builds when stale; exits the process with the build's status when the build fails. */
export function ensureBuilt(say = (line) => process.stderr.write(`${line}\n`)) {
  if (!isStale()) return;
  say('waystone: compiling the engine (src/ changed since the last build)…');
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'tools/build.ts', '--quiet'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) {
    throw new Error(`the engine did not compile (npm run build exited with ${built.status})`);
  }
}
