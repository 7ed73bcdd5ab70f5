/**
 * Run a benchmark script in its own process (so its figures are not disturbed by the suite's
 * driver), echo its output, and bound it in time.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface ChildBench {
  script: string;
  output: string;
  exitCode: number | null;
  wallMs: number;
  error?: string;
}

export function runChildBench(
  script: string,
  args: string[],
  timeoutMs: number,
): Promise<ChildBench> {
  const started = performance.now();
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => {
      out.push(d);
      process.stdout.write(d);
    });
    child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    }, timeoutMs);
    const finish = (exitCode: number | null, error?: string): void => {
      clearTimeout(timer);
      const problem =
        error ??
        (timedOut
          ? `timed out after ${timeoutMs / 1000} s`
          : exitCode !== 0
            ? `exited with code ${exitCode}`
            : undefined);
      resolve({
        script,
        output: Buffer.concat(out).toString(),
        exitCode,
        wallMs: performance.now() - started,
        ...(problem === undefined ? {} : { error: problem }),
      });
    };
    child.once('error', (err) => finish(null, err.message));
    child.once('close', (code) => finish(code));
  });
}
