/**
 * Delays (Evennia's `utils.delay`): do something once, later.
 *
 *   services.delays.run(2, () => ...)                         in memory: gone at a reload
 *   await services.delays.call(30, bomb, 'explode', 'loud')   persistent: names a method of an
 *                                                             object (no closure is stored)
 *
 * A persistent delay's row is deleted in the same unit of game work as the method runs, so it
 * runs once: after a crash before that commit it runs again on start (overdue: at once), after
 * it never. Deleting the object cancels its delays. A method that throws is logged.
 */
import type { Logger } from 'pino';
import { WaystoneError } from '../../shared/errors.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { DirtyTracker } from '../objects/write-scopes.ts';
import type { AttributeValue, Storage } from '../storage/types.ts';
import type { Timer, TimerQueue } from '../timing/timer-queue.ts';
import type { GameWork } from './script-manager.ts';

export interface DelayHandle {
  /** Positive for a persistent delay (its stored id), negative in memory. */
  readonly id: number;
  readonly dueAt: number;
  readonly pending: boolean;
  /** False when it already ran or was cancelled. */
  cancel(): boolean;
}

export interface DelaysOptions {
  storage: Storage;
  writes: DirtyTracker;
  objectById: (id: number) => DefaultObject | undefined;
  queue: TimerQueue;
  run: GameWork;
  log: Logger;
}

interface Stored {
  readonly id: number;
  readonly obj: DefaultObject;
  readonly method: string;
  readonly args: AttributeValue[];
  readonly timer: Timer;
}

export class Delays {
  readonly #stored = new Map<number, Stored>();
  #nextMemoryId = -1;

  constructor(private readonly opts: DelaysOptions) {}

  /** Runs `fn` once, `seconds` from now, in memory only (a reload forgets it). */
  run(seconds: number, fn: () => unknown): DelayHandle {
    const { queue, run, log } = this.opts;
    checkSeconds(seconds);
    const id = this.#nextMemoryId--;
    const timer = queue.in(
      seconds * 1000,
      () =>
        run(async () => {
          await fn();
        }).catch((err: unknown) =>
          log.error({ err, code: 'DELAY_ERROR', delay: id }, 'error in a delayed call'),
        ),
      `delay ${id}`,
    );
    return handle(id, timer, () => timer.scheduled && (timer.cancel(), true));
  }

  /** Calls `obj[method](...args)` once, `seconds` from now; stored, so it survives crashes. */
  async call(
    seconds: number,
    obj: DefaultObject,
    method: string,
    ...args: AttributeValue[]
  ): Promise<DelayHandle> {
    checkSeconds(seconds);
    if (typeof (obj as unknown as Record<string, unknown>)[method] !== 'function') {
      throw new WaystoneError(
        'TIMER_INVALID',
        `#${obj.id} has no method '${method}' to call later.`,
      );
    }
    const dueAt = this.opts.queue.clock.now() + seconds * 1000;
    const row = await this.opts.storage.delays.create({
      objectId: obj.id,
      method,
      args: structuredClone(args),
      dueAt: new Date(dueAt),
    });
    return this.#schedule(row.id, obj, method, row.args, dueAt);
  }

  /** Persistent delays waiting. */
  pending(): Array<{ id: number; obj: DefaultObject; method: string; dueAt: number }> {
    return [...this.#stored.values()].map((s) => ({
      id: s.id,
      obj: s.obj,
      method: s.method,
      dueAt: s.timer.dueAt,
    }));
  }

  /** An object is being deleted: its delays are cancelled (their rows go with it). */
  objectDeleted(obj: DefaultObject): void {
    for (const s of [...this.#stored.values()]) {
      if (s.obj !== obj) continue;
      s.timer.cancel();
      this.#stored.delete(s.id);
    }
  }

  /** The stored delays back, after the world is loaded; overdue ones run at once. */
  async load(): Promise<number> {
    let count = 0;
    for (const row of await this.opts.storage.delays.list()) {
      const obj = this.opts.objectById(row.objectId);
      if (obj === undefined || this.#stored.has(row.id)) continue;
      this.#schedule(row.id, obj, row.method, row.args, row.dueAt.getTime());
      count += 1;
    }
    return count;
  }

  #schedule(
    id: number,
    obj: DefaultObject,
    method: string,
    args: AttributeValue[],
    dueAt: number,
  ): DelayHandle {
    const timer = this.opts.queue.at(
      dueAt,
      () => this.#fire(id),
      `delay #${id} ${method} on #${obj.id}`,
    );
    this.#stored.set(id, { id, obj, method, args, timer });
    return handle(id, timer, () => {
      if (!this.#stored.has(id)) return false;
      timer.cancel();
      this.#stored.delete(id);
      this.opts.writes.markDirty(`delay:${id}`, (tx) => tx.delays.delete(id));
      return true;
    });
  }

  async #fire(id: number): Promise<void> {
    const stored = this.#stored.get(id);
    if (stored === undefined) return;
    await this.opts.run(async () => {
      if (this.#stored.get(id) !== stored) return;
      this.#stored.delete(id);
      // Deleting the row is a write of this unit: it commits with what the method changes.
      this.opts.writes.markDirty(`delay:${id}`, (tx) => tx.delays.delete(id));
      const fn = (stored.obj as unknown as Record<string, unknown>)[stored.method];
      if (stored.obj.isDeleted || typeof fn !== 'function') {
        this.opts.log.error(
          { code: 'TIMER_INVALID', objectId: stored.obj.id, method: stored.method, delay: id },
          `delay #${id}: #${stored.obj.id} has no method '${stored.method}' (any more); dropped`,
        );
        return;
      }
      try {
        await (fn as (...a: AttributeValue[]) => unknown).apply(stored.obj, stored.args);
      } catch (err) {
        this.opts.log.error(
          { err, code: 'DELAY_ERROR', delay: id, objectId: stored.obj.id, method: stored.method },
          `error in delayed call #${stored.obj.id}.${stored.method}`,
        );
      }
    });
  }
}

function checkSeconds(seconds: number): void {
  if (!(Number.isFinite(seconds) && seconds >= 0)) {
    throw new WaystoneError('TIMER_INVALID', 'A delay must be 0 or more seconds.');
  }
}

function handle(id: number, timer: Timer, cancel: () => boolean): DelayHandle {
  return {
    id,
    get dueAt() {
      return timer.dueAt;
    },
    get pending() {
      return timer.scheduled;
    },
    cancel,
  };
}
