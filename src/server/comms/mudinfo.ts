/**
 * The MudInfo channel's reports (Evennia's CHANNEL_MUDINFO): who connected and disconnected,
 * and errors in commands and timers, on the staff channel `mudInfoChannel` names. Nothing is
 * said when the game has no such channel (or it was destroyed). Errors are bounded: at most
 * `errorsPerWindow` a minute reach the channel; the rest are counted and summed up in the next
 * report, so a broken command typed in a loop cannot flood the staff or the history.
 */
import type { Logger } from 'pino';
import type { ChannelManager } from './channel-manager.ts';

export interface MudInfoOptions {
  errorsPerWindow?: number;
  windowMs?: number;
  now?: () => number;
}

/** What one error report may quote of an error's message. */
const ERROR_TEXT_MAX = 300;

export class MudInfo {
  readonly #errorsPerWindow: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  #windowStart = 0;
  #errorsInWindow = 0;
  #suppressed = 0;

  constructor(
    private readonly channels: ChannelManager,
    private readonly log: Logger,
    options: MudInfoOptions = {},
  ) {
    this.#errorsPerWindow = options.errorsPerWindow ?? 10;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  connected(name: string, sessid: number): void {
    this.#say(`${name} connected (session #${sessid}).`);
  }

  disconnected(name: string, sessid: number, reason: string): void {
    const why = reason.trim() === '' ? '' : `: ${reason.trim()}`;
    this.#say(`${name} disconnected (session #${sessid})${why}.`);
  }

  /** `where`: what failed ("command 'look' of Cora", "a timer"). */
  error(where: string, err: unknown): void {
    const now = this.#now();
    if (now - this.#windowStart >= this.#windowMs) {
      this.#windowStart = now;
      this.#errorsInWindow = 0;
    }
    if (this.#errorsInWindow >= this.#errorsPerWindow) {
      this.#suppressed += 1;
      return;
    }
    this.#errorsInWindow += 1;
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const cut = detail.length > ERROR_TEXT_MAX ? `${detail.slice(0, ERROR_TEXT_MAX)}…` : detail;
    const before =
      this.#suppressed === 0 ? '' : ` (${this.#suppressed} earlier errors not reported here)`;
    this.#suppressed = 0;
    this.#say(`Error in ${where}: ${cut}${before} — see the server log.`);
  }

  #say(text: string): void {
    const channel = this.channels.started ? this.channels.mudInfo() : undefined;
    if (channel === undefined) return;
    // Reports never hold up the login, logout or command they describe.
    void channel
      .msg(text)
      .catch((err: unknown) => this.log.warn({ err }, 'could not report on MudInfo'));
  }
}
