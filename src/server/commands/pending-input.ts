/**
 * Questions waiting for an answer (`await this.ask(...)`), at most one per session. While one
 * waits, that session's next line is the answer: the command handler hands it over instead of
 * running it. A question not answered in time rejects with an `InterruptCommand` (reason
 * 'timeout'); a new question on the same session cancels the old one.
 */
import type { CommandSession } from './caller.ts';
import { InterruptCommand } from './interrupt.ts';

export interface Waiter<T> {
  /** Who asked (the handler uses it to resume the right run). */
  readonly owner: T;
  answer(line: string): void;
  cancel(error: InterruptCommand): void;
}

export class PendingInputs<T> {
  private readonly waiting = new WeakMap<CommandSession, Waiter<T>>();

  wait(session: CommandSession, owner: T, timeoutMs: number): Promise<string> {
    this.waiting.get(session)?.cancel(new InterruptCommand('', 'cancelled'));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.waiting.get(session) === waiter) this.waiting.delete(session);
        reject(new InterruptCommand('You took too long to answer.', 'timeout'));
      }, timeoutMs);
      timer.unref?.();
      const waiter: Waiter<T> = {
        owner,
        answer: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        cancel: (error) => {
          clearTimeout(timer);
          if (this.waiting.get(session) === waiter) this.waiting.delete(session);
          reject(error);
        },
      };
      this.waiting.set(session, waiter);
    });
  }

  /** The waiter for this session, removed: the caller answers it. */
  take(session: CommandSession): Waiter<T> | undefined {
    const waiter = this.waiting.get(session);
    if (waiter !== undefined) this.waiting.delete(session);
    return waiter;
  }

  has(session: CommandSession): boolean {
    return this.waiting.has(session);
  }
}
