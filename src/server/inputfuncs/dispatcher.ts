/**
 * Runs input calls for sessions. Each session's calls run strictly in order, one at a time,
 * even when a call awaits (a command that pauses must not let the next line overtake it),
 * while different sessions proceed independently. An error in game code becomes a short
 * notice to the player and a logged trace; the session keeps working. A session whose
 * `INPUTDEBUG` flag is on (`client_options`, GMCP `Core.Client_Options`, `option INPUTDEBUG =
 * on`) reads the error itself instead of the notice: which inputfunc, and its message.
 *
 * Bounded: at most `maxQueuedPerSession` calls of one session wait (or run) at once. Calls past
 * it are dropped, and the player reads "You entered commands too fast." at most once a second,
 * so a session that sends faster than its commands finish cannot grow the Server's memory.
 */
import type { Logger } from 'pino';
import { DEFAULT_SETTINGS } from '../../config/defaults.ts';
import { TOO_FAST_MESSAGE } from '../../shared/input-notices.ts';
import { neutralise } from '../../shared/markup/neutralise.ts';
import type { FuncCall } from '../../shared/session-data.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import type { InputFuncRegistry } from './registry.ts';

export const GAME_ERROR_NOTICE =
  'An error occurred while running your command; it has been logged.';

/** Notices of dropped input go to one session at most this often. */
const NOTICE_INTERVAL_MS = 1000;
/** An error shown under INPUTDEBUG is cut to this many characters. */
const MAX_DEBUG_CHARS = 500;

/** What a session with INPUTDEBUG on reads when inputfunc `name` threw `err`. */
export function inputDebugNotice(name: string, err: unknown): string {
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const cut = detail.length > MAX_DEBUG_CHARS ? `${detail.slice(0, MAX_DEBUG_CHARS)}…` : detail;
  // The name comes from the client and the message may quote it: shown as typed, no markup.
  return `Error in inputfunc '${neutralise(name)}': ${neutralise(cut)}`;
}

/** One session's chain of calls. */
interface SessionQueue {
  /** Resolves when the last call queued so far has finished. */
  tail: Promise<void>;
  /** Calls accepted and not yet finished (the running one included). */
  queued: number;
  lastDropNotice: number;
}

export class InputDispatcher {
  private readonly queues = new WeakMap<ServerSession, SessionQueue>();

  constructor(
    private readonly registry: InputFuncRegistry,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    /** Settings `maxQueuedInputPerSession`. */
    private readonly maxQueuedPerSession: number = DEFAULT_SETTINGS.maxQueuedInputPerSession,
  ) {}

  dispatch(session: ServerSession, cmds: readonly FuncCall[]): Promise<void> {
    let queue = this.queues.get(session);
    if (queue === undefined) {
      queue = { tail: Promise.resolve(), queued: 0, lastDropNotice: Number.NEGATIVE_INFINITY };
      this.queues.set(session, queue);
    }
    const room = Math.max(0, this.maxQueuedPerSession - queue.queued);
    const accepted = cmds.length <= room ? cmds : cmds.slice(0, room);
    if (accepted.length < cmds.length) this.dropped(session, queue, cmds.length - accepted.length);
    if (accepted.length === 0) return queue.tail;
    queue.queued += accepted.length;
    const current = queue;
    const next = current.tail.then(async () => {
      for (const call of accepted) {
        await this.runOne(session, call);
        current.queued -= 1;
      }
      // Idle again: the queue goes (an idle session keeps nothing here), unless it must still
      // remember a recent drop notice so as not to repeat one sooner than it should.
      if (
        current.queued === 0 &&
        current.tail === next &&
        this.now() - current.lastDropNotice >= NOTICE_INTERVAL_MS &&
        this.queues.get(session) === current
      )
        this.queues.delete(session);
    });
    current.tail = next;
    return next;
  }

  /** Calls of `session` accepted and not yet finished. */
  queuedFor(session: ServerSession): number {
    return this.queues.get(session)?.queued ?? 0;
  }

  /** Resolves once every call queued so far has finished (used before a reload). */
  async drain(sessions: readonly ServerSession[]): Promise<void> {
    await Promise.all(sessions.map((s) => this.queues.get(s)?.tail));
  }

  private dropped(session: ServerSession, queue: SessionQueue, count: number): void {
    const now = this.now();
    if (now - queue.lastDropNotice < NOTICE_INTERVAL_MS) return;
    queue.lastDropNotice = now;
    this.log.debug(
      { sessid: session.sessid, dropped: count, queued: queue.queued },
      'input dropped: the session has too much input waiting',
    );
    session.msg(TOO_FAST_MESSAGE);
  }

  private async runOne(session: ServerSession, [name, args, kwargs]: FuncCall): Promise<void> {
    const now = this.now();
    session.cmdLast = now;
    if (name !== 'idle') {
      session.cmdLastVisible = now;
      session.cmdTotal += 1;
    }
    const fn = this.registry.resolve(name);
    if (!fn) return;
    try {
      await fn({ session, name, args, kwargs });
    } catch (err) {
      this.log.error({ err, sessid: session.sessid, inputfunc: name }, 'error in game code');
      session.msg(
        session.protocolFlags['INPUTDEBUG'] === true
          ? inputDebugNotice(name, err)
          : GAME_ERROR_NOTICE,
      );
    }
  }
}
