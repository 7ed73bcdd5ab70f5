/**
 * Test support: a real IRC server, Debian's ngircd, on a free loopback port in a temporary
 * directory. `NGIRCD_AVAILABLE` is false (and the caller skips, visibly) without
 * /usr/sbin/ngircd. It runs in the foreground (`-n`) and logs to stderr, which the test can
 * read (`log()`: ngircd logs each connection it accepts, so a test can tell whether a client
 * connected again). ngircd refuses to run as root: as root it switches to `nobody`, so the
 * temporary directory is made readable to it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from './game-process.ts';

const NGIRCD = '/usr/sbin/ngircd';
export const NGIRCD_AVAILABLE = existsSync(NGIRCD);

/** A port that was free a moment ago (bind port 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class Ngircd {
  private process: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Start ngircd with one predefined channel (`channels`) and wait until it listens. */
  static async start(channels: readonly string[] = ['#waystone']): Promise<Ngircd> {
    const dir = mkdtempSync(join(tmpdir(), 'waystone-ngircd-'));
    chmodSync(dir, 0o755);
    const port = await freePort();
    const conf = [
      '[Global]',
      'Name = irc.test',
      'Info = Waystone test server',
      'Listen = 127.0.0.1',
      `Ports = ${port}`,
      `PidFile = ${join(dir, 'ngircd.pid')}`,
      'MotdPhrase = test',
      '[Limits]',
      'PingTimeout = 120',
      'PongTimeout = 20',
      'MaxNickLength = 30',
      '[Options]',
      'PAM = no',
      'Ident = no',
      'DNS = no',
      ...channels.flatMap((name) => ['[Channel]', `Name = ${name}`, 'Topic = test']),
      '',
    ].join('\n');
    writeFileSync(join(dir, 'ngircd.conf'), conf, { mode: 0o644 });
    const server = new Ngircd(dir, port);
    await server.run();
    return server;
  }

  /** Everything ngircd logged since it was (re)started. */
  log(): string {
    return this.output;
  }

  /** How many connections ngircd has accepted since it was (re)started. */
  acceptedConnections(): number {
    return (this.output.match(/Accepted connection/g) ?? []).length;
  }

  get running(): boolean {
    return this.process !== null && this.process.exitCode === null;
  }

  /** Stop it (SIGTERM; every client loses its connection) and wait until it is gone. */
  async stop(): Promise<void> {
    const child = this.process;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    this.process = null;
  }

  /** Start it again on the same port (after `stop`). */
  async restart(): Promise<void> {
    await this.stop();
    await this.run();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async run(): Promise<void> {
    this.output = '';
    const child = spawn(NGIRCD, ['-n', '-f', join(this.dir, 'ngircd.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    await waitUntil(`ngircd to listen on ${this.port}`, () => {
      if (child.exitCode !== null) throw new Error(`ngircd exited:\n${this.output}`);
      return this.output.includes('Now listening on') || null;
    });
  }
}
