/**
 * Test support: a WebSocket client for /ws that keeps every frame, the game text seen so far
 * (from whatever wire format it negotiated) and the close code, and lets a test wait for text
 * or for a frame. It can also stop reading altogether, to play a client that never reads.
 */
import { connect, type NetConnectOpts, type Socket } from 'node:net';
import { WebSocket } from 'ws';

export interface ReceivedFrame {
  data: Buffer;
  binary: boolean;
}

export class WsClient {
  readonly frames: ReceivedFrame[] = [];
  closeCode: number | null = null;
  readonly closed: Promise<number>;
  private waiters: Array<() => void> = [];

  private constructor(
    readonly ws: WebSocket,
    /** The TCP socket under the WebSocket (for tests that stop reading). */
    readonly socket: Socket,
  ) {
    ws.on('message', (data: Buffer, binary) => {
      this.frames.push({ data: Buffer.from(data), binary });
      this.wake();
    });
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      ws.once('close', (code) => {
        this.closeCode = code;
        this.wake();
        resolve(code);
      }),
    );
  }

  static open(
    port: number,
    options: { protocols?: string[]; csessid?: string } = {},
  ): Promise<WsClient> {
    const query = options.csessid === undefined ? '' : `?csessid=${options.csessid}`;
    let socket: Socket | null = null;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, options.protocols ?? [], {
      // Keep the TCP socket, so a test can stop reading from it.
      createConnection: ((opts: NetConnectOpts) => {
        socket = connect(opts);
        return socket;
      }) as typeof connect,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsClient(ws, socket!)));
      ws.once('error', reject);
    });
  }

  get protocol(): string {
    return this.ws.protocol;
  }

  /** Game text so far: binary frames as text, Evennia `text` calls as their (HTML) text. */
  get text(): string {
    return this.frames
      .map((f) => {
        if (f.binary) return f.data.toString('utf8');
        if (this.protocol !== '') return '';
        const call = JSON.parse(f.data.toString('utf8')) as [string, unknown[]];
        return call[0] === 'text' || call[0] === 'prompt' ? `${String(call[1][0])}\n` : '';
      })
      .join('');
  }

  /** Text frames, decoded (JSON in Evennia's format and json.mudstandards.org; else strings). */
  get textFrames(): string[] {
    return this.frames.filter((f) => !f.binary).map((f) => f.data.toString('utf8'));
  }

  /** Evennia-format calls received. */
  get calls(): Array<[string, unknown[], Record<string, unknown>]> {
    return this.textFrames.map(
      (t) => JSON.parse(t) as [string, unknown[], Record<string, unknown>],
    );
  }

  send(data: string | Buffer, binary = typeof data !== 'string'): void {
    this.ws.send(data, { binary });
  }

  /** Evennia format: send one inputfunc call. */
  call(name: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): void {
    this.ws.send(JSON.stringify([name, args, kwargs]));
  }

  /** Waits until `check` passes over what was received (or the connection closes). */
  async waitFor<T>(
    what: string,
    check: () => T | undefined | null | false,
    timeoutMs = 15_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (this.closeCode !== null)
        throw new Error(`closed (${this.closeCode}) before ${what}; got:\n${this.text}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got:\n${this.text}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  waitForText(pattern: string | RegExp, from = 0): Promise<string> {
    return this.waitFor(String(pattern), () => {
      const slice = this.text.slice(from);
      return (typeof pattern === 'string' ? slice.includes(pattern) : pattern.test(slice))
        ? this.text
        : null;
    });
  }

  close(code?: number): void {
    this.ws.close(code);
  }

  terminate(): void {
    this.ws.terminate();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
