/**
 * Telling a refused connection why, in the words its port's protocol allows, then closing it:
 *
 * - telnet: the message as a line (a telnet client shows it before "Connection closed");
 * - HTTP (the web port, page and WebSocket alike): 503 when the game is full, 429 for an
 *   address over its limits, with Retry-After and the message as the body;
 * - SSH: the message as a line before the version string, which RFC 4253 §4.2 allows;
 * - telnet over TLS: nothing can be said before a TLS handshake, which a refusal exists to
 *   avoid paying for; the socket is closed at once.
 *
 * The close lingers: the socket is ended (FIN after the message) and what the client still
 * sends is read and dropped until it closes too or LINGER_MS pass. Closing with unread input
 * would make the kernel send a reset, and the client could lose the message.
 */
import type { Socket } from 'node:net';
import type { Refusal } from './connection-admission.ts';

export type RefusalStyle = 'telnet' | 'http' | 'ssh' | 'none';

/** Longest a refused socket is kept open for its message to be read. */
export const LINGER_MS = 1000;
/** Refused sockets allowed to linger at once. */
export const MAX_LINGERING = 32;

export function refusalBytes(style: RefusalStyle, refusal: Refusal): Buffer | null {
  switch (style) {
    case 'telnet':
    case 'ssh':
      return Buffer.from(`${refusal.message}\r\n`, 'utf8');
    case 'http': {
      const body = `${refusal.message}\n`;
      const status =
        refusal.code === 'CONNECTIONS_FULL' ? '503 Service Unavailable' : '429 Too Many Requests';
      return Buffer.from(
        `HTTP/1.1 ${status}\r\n` +
          'Content-Type: text/plain; charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n` +
          'Retry-After: 10\r\n' +
          'Connection: close\r\n' +
          '\r\n' +
          body,
        'utf8',
      );
    }
    case 'none':
      return null;
    default: {
      const unreachable: never = style;
      throw new Error(`unknown refusal style ${String(unreachable)}`);
    }
  }
}

/**
 * Closes refused sockets. At most `maxLingering` linger at once (they hold descriptors the
 * admission does not count); past that a refused socket gets its message written and is
 * closed at once, which delivers it too unless the client had already sent something.
 */
export class SocketRefuser {
  private lingeringCount = 0;

  constructor(private readonly maxLingering = MAX_LINGERING) {}

  get lingering(): number {
    return this.lingeringCount;
  }

  /** Sends `bytes` (if any) and closes `socket`. */
  refuse(socket: Socket, bytes: Buffer | null): void {
    socket.on('error', () => undefined); // a reset from the client changes nothing here
    if (bytes === null) {
      socket.destroy();
      return;
    }
    if (this.lingeringCount >= this.maxLingering) {
      socket.end(bytes);
      socket.destroy();
      return;
    }
    this.lingeringCount += 1;
    socket.once('close', () => (this.lingeringCount -= 1));
    socket.on('data', () => undefined);
    socket.once('end', () => socket.destroy());
    socket.end(bytes);
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  }
}
