/**
 * The unlogged-in timeout: a connection that has not logged in `unloggedInTimeoutSeconds` after
 * it opened is closed, so idle sockets at the login screen cannot pile up. The Portal knows a
 * session's `loggedIn` from the Server's syncs; logging out always ends a session in Waystone,
 * so "not logged in now" means "never logged in". SSH needs none of this: an SSH session exists
 * only once its password was accepted, and the SSH handshake has its own login grace.
 *
 * Logged-in sessions are not timed here: an idle timeout for them belongs to the game (the
 * Server), which knows who is staff.
 */

/** What the player reads. */
export const LOGIN_TIMEOUT_MESSAGE = 'Timed out waiting for login.';

export class LoginTimeout {
  private timer: NodeJS.Timeout | null = null;

  /**
   * Starts the clock; at `timeoutMs` `expire` is called unless `loggedIn()` is true by then.
   * 0 or less: no timeout.
   */
  constructor(timeoutMs: number, loggedIn: () => boolean, expire: () => void) {
    if (timeoutMs <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!loggedIn()) expire();
    }, timeoutMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
