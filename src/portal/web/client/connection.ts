/// <reference lib="dom" />
/**
 * The page's link to the Portal: one WebSocket at `/ws` at a time, reopened after an
 * unexpected close with exponential backoff and jitter, and a state the page shows.
 *
 * States: connecting → open → (closed | waiting → connecting → …). A close the game meant
 * (close codes in src/portal/protocols/websocket/close-codes.ts: 1000 quit/boot/shutdown, 1008
 * a refused request, 4001 this session was taken over by another tab) is final until the
 * player presses Reconnect; any other close (network, Portal gone) is retried. The socket URL
 * carries the tab's client session id, `/ws?csessid=<32 hex>`, kept in sessionStorage so a
 * reload sends the same one and the Portal resumes the session within its grace period.
 */
import { decodeServerFrame, encodeClientFrame, type WireMessage } from './wire.ts';

export type ConnectionState =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open' }
  | { kind: 'waiting'; attempt: number; retryAt: number }
  | { kind: 'closed'; code: number; message: string };

/** Close codes after which reconnecting on our own would be wrong, with what to show. */
const FINAL_CLOSES: Readonly<Record<number, string>> = {
  1000: 'The game closed the connection.',
  1008: 'The game refused the connection.',
  4001: 'This session continued in another window.',
};
const RESUMED_ELSEWHERE = 4001;
const MAX_DELAY_MS = 30_000;

/** 1 s, 2 s, 4 s … capped at 30 s, each ±25 % so a restarted game is not hit all at once. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

/** A random 128-bit id as 32 hex characters. */
export function newClientSessionId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const CSESSID_KEY = 'waystone.csessid';

/** This tab's client session id: the same across reloads, a new one per tab. */
export function tabClientSessionId(fresh = false): string {
  try {
    const existing = sessionStorage.getItem(CSESSID_KEY);
    if (!fresh && existing !== null && /^[0-9a-f]{32}$/.test(existing)) return existing;
    const id = newClientSessionId();
    sessionStorage.setItem(CSESSID_KEY, id);
    return id;
  } catch {
    return newClientSessionId(); // storage disabled: resume will not work, the page still does
  }
}

export interface ConnectionEvents {
  onMessage(message: WireMessage): void;
  onState(state: ConnectionState): void;
  onOpen(): void;
}

export class Connection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: ConnectionState = { kind: 'connecting', attempt: 1 };
  /** After another window took this tab's session over, reconnect as a new session. */
  private freshId = false;

  constructor(
    private readonly url: (fresh: boolean) => string,
    private readonly events: ConnectionEvents,
  ) {
    // Back online or back in view while waiting: try now rather than at the end of the backoff.
    window.addEventListener('online', () => this.retrySoon());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.retrySoon();
    });
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Open the socket (also the Reconnect button: cancels any wait). */
  open(): void {
    clearTimeout(this.timer);
    if (this.socket !== null) return;
    this.attempt += 1;
    this.setState({ kind: 'connecting', attempt: this.attempt });
    const socket = new WebSocket(this.url(this.freshId));
    this.freshId = false;
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.setState({ kind: 'open' });
      this.events.onOpen();
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      const message = decodeServerFrame(event.data);
      if (message !== null) this.events.onMessage(message);
    });
    socket.addEventListener('close', (event: CloseEvent) => {
      this.socket = null;
      const final = FINAL_CLOSES[event.code];
      if (final !== undefined) {
        this.freshId = event.code === RESUMED_ELSEWHERE;
        this.setState({ kind: 'closed', code: event.code, message: final });
        return;
      }
      const delay = reconnectDelayMs(this.attempt);
      this.setState({ kind: 'waiting', attempt: this.attempt, retryAt: Date.now() + delay });
      this.timer = setTimeout(() => this.open(), delay);
    });
  }

  /** Send one message; false when there is no open socket (the caller tells the player). */
  send(name: string, args: readonly unknown[] = [], kwargs: Record<string, unknown> = {}): boolean {
    if (this.socket === null || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(encodeClientFrame(name, args, kwargs));
    return true;
  }

  private retrySoon(): void {
    if (this.current.kind === 'waiting') this.open();
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.events.onState(state);
  }
}
