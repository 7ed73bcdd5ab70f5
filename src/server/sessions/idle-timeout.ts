/**
 * The idle timeout (REFERENCE.md §11; Evennia's IDLE_TIMEOUT): a logged-in session that has
 * sent nothing for `idleTimeoutSeconds` is logged out and disconnected with a goodbye. Off (0)
 * by default. Accounts that pass the `idleTimeoutExemptLock` expression (default
 * `perm(Builder)`, so staff; superusers always pass) are never timed out — Evennia's
 * `noidletimeout` lock.
 *
 * "Sent nothing" is read from the session's `cmdLast`: every input counts, keepalives included
 * (the `idle` inputfunc a webclient sends), as in Evennia, so a client that keeps the
 * connection alive on purpose keeps its player. A sweep runs every few seconds (a quarter of
 * the timeout, between 1 and 30 s), so a session goes within that long after its time is up.
 */
import type { Logger } from 'pino';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import { LockHandler } from '../locks/lock-handler.ts';
import type { LockSubject } from '../locks/lock-subject.ts';

export const IDLE_TIMEOUT_MESSAGE = 'You have been idle too long; goodbye.';

/** The access type the exemption is checked as (Evennia's name for it). */
const EXEMPT_ACCESS = 'noidletimeout';

/** What the idle timeout reads of a session. */
export interface IdleSession {
  readonly sessid: number;
  readonly loggedIn: boolean;
  /** When the session last sent anything (ms since the epoch). */
  readonly cmdLast: number;
  readonly account: LockSubject | null;
}

export interface IdleTimeoutOptions<S extends IdleSession> {
  /** Seconds of silence before a logged-in session is disconnected; 0 turns it off. */
  timeoutSeconds: number;
  /** Lock expression an account passes to be exempt, e.g. `perm(Builder)`; '' exempts none. */
  exemptLock: string;
  lockFuncs: LockFuncRegistry;
  /** The sessions to look at (the session handler's). */
  sessions: () => readonly S[];
  /** Logs the session out and closes it, showing `message` (the login service's logout). */
  disconnect: (session: S, message: string) => Promise<void>;
  log: Logger;
  now?: () => number;
}

export class IdleTimeout<S extends IdleSession> {
  private readonly timeoutMs: number;
  private readonly exempt: LockHandler | null;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  /** Sessions being disconnected, so a slow logout is not started twice. */
  private readonly leaving = new WeakSet<S>();

  /** Throws LOCK_INVALID for a malformed `exemptLock`, so a bad setting stops the start. */
  constructor(private readonly opts: IdleTimeoutOptions<S>) {
    this.timeoutMs = opts.timeoutSeconds * 1000;
    this.exempt =
      opts.exemptLock.trim() === ''
        ? null
        : new LockHandler(opts.lockFuncs, null, `${EXEMPT_ACCESS}:${opts.exemptLock}`);
    this.now = opts.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.timeoutMs > 0;
  }

  /** Sweeps on a timer that never keeps the process alive by itself. No-op when off. */
  start(): void {
    if (!this.enabled || this.timer !== null) return;
    const everyMs = Math.min(30_000, Math.max(1000, this.timeoutMs / 4));
    this.timer = setInterval(() => void this.sweep(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Disconnects every session idle too long; resolves with how many went. */
  async sweep(): Promise<number> {
    if (!this.enabled) return 0;
    const now = this.now();
    const idle = this.opts
      .sessions()
      .filter((s) => s.loggedIn && now - s.cmdLast >= this.timeoutMs && !this.leaving.has(s))
      .filter((s) => !this.isExempt(s));
    await Promise.all(idle.map((session) => this.disconnect(session, now)));
    return idle.length;
  }

  private isExempt(session: S): boolean {
    if (this.exempt === null || session.account === null) return false;
    return this.exempt.check(session.account, EXEMPT_ACCESS);
  }

  private async disconnect(session: S, now: number): Promise<void> {
    this.leaving.add(session);
    this.opts.log.info(
      {
        activity: 'idle timeout',
        sessid: session.sessid,
        idleSeconds: (now - session.cmdLast) / 1000,
      },
      `#${session.sessid} disconnected: idle for ${Math.round((now - session.cmdLast) / 1000)} s`,
    );
    try {
      await this.opts.disconnect(session, IDLE_TIMEOUT_MESSAGE);
    } catch (err) {
      this.opts.log.error({ err, sessid: session.sessid }, 'idle timeout: logout failed');
    }
  }
}
