/**
 * `repeat` / `unrepeat` (REFERENCE.md §10): a client asks the Server to call an inputfunc for it
 * every N seconds (GMCP Char.Repeat.Update), e.g. to poll a value. Bounded: at least 5 s apart,
 * at most a few per session, all cleared when the session goes away.
 */
import type { FuncCall } from '../../shared/session-data.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import type { InputFuncRegistry } from './registry.ts';

export const MIN_REPEAT_SECONDS = 5;
export const MAX_REPEATS_PER_SESSION = 5;

export class Repeats {
  private readonly timers = new Map<ServerSession, Map<string, NodeJS.Timeout>>();

  constructor(private readonly run: (session: ServerSession, call: FuncCall) => void) {}

  register(registry: InputFuncRegistry): void {
    registry.register('repeat', ({ session, kwargs }) => {
      const callback = typeof kwargs['callback'] === 'string' ? kwargs['callback'] : '';
      const interval = Number(kwargs['interval'] ?? 0);
      if (callback === '' || callback === 'repeat' || !registry.has(callback)) {
        session.msg(`repeat: unknown inputfunc '${callback.slice(0, 40)}'.`);
        return;
      }
      if (!(interval >= MIN_REPEAT_SECONDS)) {
        session.msg(`repeat: the interval must be at least ${MIN_REPEAT_SECONDS} seconds.`);
        return;
      }
      const mine = this.timers.get(session) ?? new Map<string, NodeJS.Timeout>();
      if (!mine.has(callback) && mine.size >= MAX_REPEATS_PER_SESSION) {
        session.msg(`repeat: at most ${MAX_REPEATS_PER_SESSION} repeats per session.`);
        return;
      }
      clearInterval(mine.get(callback));
      const timer = setInterval(() => this.run(session, [callback, [], {}]), interval * 1000);
      timer.unref();
      mine.set(callback, timer);
      this.timers.set(session, mine);
    });
    registry.register('unrepeat', ({ session, kwargs }) => {
      const callback = typeof kwargs['callback'] === 'string' ? kwargs['callback'] : '';
      const mine = this.timers.get(session);
      clearInterval(mine?.get(callback));
      mine?.delete(callback);
    });
  }

  /** Stop every repeat of a session (it disconnected). */
  clear(session: ServerSession): void {
    for (const timer of this.timers.get(session)?.values() ?? []) clearInterval(timer);
    this.timers.delete(session);
  }

  clearAll(): void {
    for (const session of [...this.timers.keys()]) this.clear(session);
  }
}
