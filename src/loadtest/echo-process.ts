/**
 * Start the raw-echo baseline in a child process and learn its port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { distPath } from '../shared/entrypoints.ts';

/** Compiled like the engine, and run by plain Node: the baseline is a minimal Node server. */
const ENTRY = distPath('echo-server.js');

export interface EchoProcess {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export function startEchoProcess(timeoutMs = 20_000): Promise<EchoProcess> {
  const child: ChildProcess = spawn(process.execPath, [ENTRY], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the raw-echo server did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the raw-echo server exited (code ${code}) before listening`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /port (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        port: Number(m[1]),
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin!.end();
            setTimeout(() => child.kill('SIGKILL'), 3000).unref();
          }),
      });
    });
  });
}
