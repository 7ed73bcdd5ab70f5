/**
 * Whether the database is reachable, as the game sees it. The first commit that fails for a
 * reason a retry can fix pauses the game (onPaused, once per outage); the first commit that
 * then succeeds resumes it (onResumed). The Server uses the pair to tell players the game is
 * paused rather than pretend their commands took effect.
 */
import type { Logger } from 'pino';

export interface PauseHooks {
  onPaused?: (reason: string) => void;
  onResumed?: () => void;
}

export class PauseState {
  #paused = false;
  readonly #hooks: PauseHooks;
  readonly #log: Logger;

  constructor(hooks: PauseHooks, log: Logger) {
    this.#hooks = hooks;
    this.#log = log;
  }

  get paused(): boolean {
    return this.#paused;
  }

  pause(reason: string): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#log.warn({ reason }, 'database unavailable: game paused, commits will be retried');
    this.#call(() => this.#hooks.onPaused?.(reason));
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#log.info('database available again: game resumed');
    this.#call(() => this.#hooks.onResumed?.());
  }

  /** A throwing hook is logged, never allowed to break the commit that called it. */
  #call(hook: () => void): void {
    try {
      hook();
    } catch (err) {
      this.#log.error({ err }, 'storage pause hook threw');
    }
  }
}
