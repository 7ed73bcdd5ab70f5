/**
 * Small helpers the link's socket tests share: raw sockets on 127.0.0.1, reading until close,
 * waiting for a condition. Test-only; nothing in the link imports it.
 */
import { connect, type Socket } from 'node:net';
import { encodeFrame } from './frame.ts';
import { LINK_MAGIC, LINK_PROTOCOL_VERSION } from './version.ts';

export const HOST = '127.0.0.1';

/** A promise and the functions that settle it. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function rawConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the peer sends until it closes the connection. */
export function readUntilClosed(socket: Socket): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

export async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A well-formed hello (its nonce is fixed: tests that need a real exchange use connectLink). */
export function helloFrame(overrides: Record<string, unknown> = {}): Buffer {
  return encodeFrame([
    {
      t: 'hello',
      magic: LINK_MAGIC,
      version: LINK_PROTOCOL_VERSION,
      role: 'server',
      pid: 1234,
      nonce: 'n'.repeat(43),
      ...overrides,
    },
  ]);
}

/** The secret test Portals and their clients share. */
export const TEST_SECRET = 'test-link-secret';

/** What a test Portal says of itself: the welcome's fields, its secret and its game. */
export const portalIdentity = {
  bootId: 'boot-test',
  portalPid: 4321,
  portalStartedAt: 1_700_000_000_000,
  secret: TEST_SECRET,
  game: { dir: '/games/test', id: 'test-game-id', name: 'Test' },
};

/** An `output` message carrying `text`, as the Server sends it. */
export function outputMessage(
  sessid: number,
  text: string,
): { t: 'output'; sessid: number; cmds: [string, unknown[], Record<string, unknown>][] } {
  return { t: 'output', sessid, cmds: [['text', [text], {}]] };
}
