/**
 * Test support: a plain telnet client over a real socket. It keeps everything received as
 * text (telnet commands stripped), lets a test wait for a pattern, and can stop reading
 * altogether to play a client that never reads.
 */
import { connect, type Socket } from 'node:net';

export class TelnetClient {
  readonly socket: Socket;
  private received = '';
  /** Raw bytes, for tests that look at the wire itself. */
  readonly raw: Buffer[] = [];
  readonly closed: Promise<void>;
  private waiters: Array<() => void> = [];
  isClosed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.raw.push(chunk);
      this.received += stripTelnet(chunk).toString('utf8');
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        for (const w of this.waiters.splice(0)) w();
        resolve();
      }),
    );
  }

  static open(port: number): Promise<TelnetClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(new TelnetClient(socket)));
      socket.once('error', reject);
    });
  }

  get text(): string {
    return this.received;
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  writeRaw(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** Resolves with the text received so far once `pattern` appears after `from`. */
  async waitFor(pattern: string | RegExp, timeoutMs = 15_000, from = 0): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const slice = this.received.slice(from);
      if (typeof pattern === 'string' ? slice.includes(pattern) : pattern.test(slice))
        return this.received;
      if (this.isClosed)
        throw new Error(`connection closed before ${String(pattern)}; got:\n${this.received}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for ${String(pattern)}; got:\n${this.received}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * Sends a line and waits for `expected` in what arrives after it; resolves with that text
   * (what the game answered, and anything else that arrived meanwhile).
   */
  async exchange(line: string, expected: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const mark = this.received.length;
    this.send(line);
    await this.waitFor(expected, timeoutMs, mark);
    return this.received.slice(mark);
  }

  /** Counts occurrences of `needle` in what was received. */
  count(needle: string): number {
    return this.received.split(needle).length - 1;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Drop IAC sequences (commands, negotiations, subnegotiations); keep data and doubled FF. */
export function stripTelnet(chunk: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (b !== 0xff) {
      out.push(b);
      continue;
    }
    const next = chunk[i + 1];
    if (next === 0xff) {
      out.push(0xff);
      i += 1;
    } else if (next !== undefined && next >= 0xfb && next <= 0xfe) {
      i += 2;
    } else if (next === 0xfa) {
      const end = chunk.indexOf(Buffer.from([0xff, 0xf0]), i);
      i = end === -1 ? chunk.length : end + 1;
    } else {
      i += 1;
    }
  }
  return Buffer.from(out);
}
