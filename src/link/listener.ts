/**
 * The Portal's link port: a TCP listener (127.0.0.1 by default, DESIGN.md §1) that runs the
 * handshake on every socket and hands each accepted link to the handler for its role.
 *
 * A peer that fails the handshake is refused and closed on its own; the listener and the
 * links already up never notice. A role with no handler is refused too, so a Portal that does
 * not take launcher links says so instead of accepting and ignoring them.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { WaystoneError } from '../shared/errors.ts';
import {
  acceptLink,
  type AcceptLinkOptions,
  type AcceptedLink,
  type ProvenClient,
} from './handshake.ts';
import type { LinkRole, Refused } from './messages.ts';

export interface LinkListenerOptions extends AcceptLinkOptions {
  host?: string;
  /** 0 picks a free port; read it back from `port`. */
  port: number;
  /** Who takes accepted links, by role. The handler owns the socket from then on. */
  onLink: Partial<Record<LinkRole, (link: AcceptedLink) => void>>;
  /** A peer refused during the handshake: for the log. */
  onRefused?: (error: WaystoneError, remoteAddress: string) => void;
}

export class LinkListener {
  private readonly server: Server;
  private readonly options: LinkListenerOptions;
  private readonly sockets = new Set<Socket>();

  private constructor(options: LinkListenerOptions) {
    this.options = options;
    this.server = createServer((socket) => this.handle(socket));
  }

  /** Binds and resolves once listening; rejects (e.g. EADDRINUSE) if the port cannot be had. */
  static listen(options: LinkListenerOptions): Promise<LinkListener> {
    const listener = new LinkListener(options);
    return new Promise((resolve, reject) => {
      listener.server.once('error', reject);
      listener.server.listen(options.port, options.host ?? '127.0.0.1', () => {
        listener.server.off('error', reject);
        resolve(listener);
      });
    });
  }

  /** The bound port (the real one when asked for port 0). */
  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string')
      throw new Error('the link listener is not bound');
    return address.port;
  }

  /** Stops listening and closes every socket it accepted, handshaking or linked. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private handle(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    acceptLink(socket, { ...this.options, accept: (client) => this.refusalFor(client) }).then(
      (link) => this.options.onLink[link.hello.role]?.(link),
      (error: WaystoneError) => this.options.onRefused?.(error, remoteAddress),
    );
  }

  private refusalFor(client: ProvenClient): Refused | null {
    const { hello } = client;
    if (this.options.onLink[hello.role] === undefined) {
      return {
        t: 'refused',
        code: 'LINK_BAD_HANDSHAKE',
        reason: `this Portal takes no ${hello.role} links`,
      };
    }
    return this.options.accept?.(client) ?? null;
  }
}
