/**
 * The Server's end of the link, kept up across Portal hiccups.
 *
 * Timeline:
 *   start → connect → onConnected(link, welcome)      (the Server then sends getAllSessions)
 *         ↘ connect fails → onConnectFailed → wait (backoff) → connect …
 *   link drops → onDisconnected(reason) → wait (backoff) → connect …
 *   failing continuously for giveUpAfterMs → onGiveUp(lastError)   (an orphaned Server exits)
 *
 * Backoff starts at `initialDelayMs`, doubles per failed attempt up to `maxDelayMs`, and is
 * spread by ±`jitter` so that several Servers do not hammer a Portal in step. A success resets
 * both the backoff and the give-up clock. The last attempt is timed to land on the deadline, so
 * a Portal that comes back just in time is still found.
 *
 * Refusals LINK_VERSION, LINK_BAD_SECRET and LINK_SERVER_TAKEN are reported to `onRefused`.
 * Version and secret refusals end the retrying at once by default (`giveUpOnRefusal`): retrying
 * cannot fix them. LINK_SERVER_TAKEN is retried: during a reload the old Server may still be
 * leaving.
 */
import type { ErrorCode, WaystoneError } from '../shared/errors.ts';
import type { LinkCloseReason } from './connection.ts';
import { connectLink } from './handshake.ts';
import type { PortalToServer, Welcome } from './messages.ts';
import { openServerLink, type ServerLink } from './open-link.ts';

const REPORTED_REFUSALS: readonly ErrorCode[] = [
  'LINK_VERSION',
  'LINK_BAD_SECRET',
  'LINK_SERVER_TAKEN',
  'LINK_FOREIGN_SERVER',
];

export interface ReconnectingLinkClientOptions {
  host: string;
  port: number;
  pid: number;
  /** The link secret, proved in the handshake (never sent). */
  secret: string;
  /** The one-time token the Portal handed this Server process, proved likewise. */
  token?: string;
  /** Per attempt: TCP connect plus handshake. */
  connectTimeoutMs?: number;
  maxFrameBytes?: number;
  maxBufferedBytes?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Fraction of each delay added or removed at random, 0…1. */
  jitter?: number;
  giveUpAfterMs?: number;
  giveUpOnRefusal?: readonly ErrorCode[];
  /** For tests: a deterministic source in [0, 1). */
  random?: () => number;

  onConnected: (link: ServerLink, welcome: Welcome) => void;
  onMessage: (message: PortalToServer, link: ServerLink) => void;
  onInvalid?: (error: WaystoneError, message: unknown) => void;
  onDisconnected?: (reason: LinkCloseReason) => void;
  onConnectFailed?: (error: WaystoneError, retryInMs: number) => void;
  onRefused?: (error: WaystoneError) => void;
  onGiveUp: (lastError: WaystoneError) => void;
}

type ClientState = 'idle' | 'connecting' | 'connected' | 'waiting' | 'stopped';

export class ReconnectingLinkClient {
  private readonly options: ReconnectingLinkClientOptions;
  private state: ClientState = 'idle';
  private currentLink: ServerLink | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failedAttempts = 0;
  private failingSince = 0;

  constructor(options: ReconnectingLinkClientOptions) {
    this.options = options;
  }

  /** The open link, or null between links. */
  get link(): ServerLink | null {
    return this.currentLink;
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.failingSince = Date.now();
    this.connect();
  }

  /** Stops retrying and closes the link (after flushing it). No callback follows. */
  stop(): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.currentLink?.close();
    this.currentLink = null;
  }

  private connect(): void {
    this.state = 'connecting';
    const { host, port, pid, secret, token, connectTimeoutMs, maxFrameBytes } = this.options;
    connectLink({
      host,
      port,
      role: 'server',
      pid,
      secret,
      ...(token === undefined ? {} : { token }),
      timeoutMs: connectTimeoutMs,
      maxFrameBytes,
    }).then(
      (connected) => {
        if (this.state === 'stopped') {
          connected.socket.destroy();
          return;
        }
        this.state = 'connected';
        this.failedAttempts = 0;
        const link: ServerLink = openServerLink(connected, {
          maxFrameBytes: this.options.maxFrameBytes,
          maxBufferedBytes: this.options.maxBufferedBytes,
          onMessage: (message) => this.options.onMessage(message, link),
          onInvalid: this.options.onInvalid,
          onClose: (reason) => this.linkClosed(link, reason),
        });
        this.currentLink = link;
        this.options.onConnected(link, connected.welcome);
      },
      (error: WaystoneError) => this.connectFailed(error),
    );
  }

  private linkClosed(link: ServerLink, reason: LinkCloseReason): void {
    if (this.currentLink === link) this.currentLink = null;
    if (this.state !== 'connected') return;
    this.failingSince = Date.now();
    this.options.onDisconnected?.(reason);
    if (this.state === 'connected') this.retryAfter(this.nextDelay());
  }

  private connectFailed(error: WaystoneError): void {
    if (this.state === 'stopped') return;
    if (REPORTED_REFUSALS.includes(error.code)) {
      this.options.onRefused?.(error);
      // The callback may have decided to stop us; then nothing more is reported.
      if (this.isStopped()) return;
    }
    const fatal = this.options.giveUpOnRefusal ?? ['LINK_VERSION', 'LINK_BAD_SECRET'];
    const remaining = (this.options.giveUpAfterMs ?? 60_000) - (Date.now() - this.failingSince);
    if (fatal.includes(error.code) || remaining <= 0) {
      this.giveUp(error);
      return;
    }
    const delay = Math.min(this.nextDelay(), remaining);
    this.options.onConnectFailed?.(error, delay);
    if (this.state === 'connecting') this.retryAfter(delay);
  }

  /** A method, not an inline check: callbacks can stop us behind the type checker's back. */
  private isStopped(): boolean {
    return this.state === 'stopped';
  }

  private retryAfter(delayMs: number): void {
    this.state = 'waiting';
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delayMs);
  }

  private nextDelay(): number {
    const initial = this.options.initialDelayMs ?? 100;
    const cap = this.options.maxDelayMs ?? 5000;
    const jitter = this.options.jitter ?? 0.2;
    const random = this.options.random ?? Math.random;
    const base = Math.min(cap, initial * 2 ** this.failedAttempts);
    this.failedAttempts++;
    return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));
  }

  private giveUp(error: WaystoneError): void {
    this.stop();
    this.options.onGiveUp(error);
  }
}
