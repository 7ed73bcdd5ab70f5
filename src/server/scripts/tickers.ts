/**
 * Tickers (Evennia's TickerHandler): many objects subscribe a method to a shared interval, and
 * each interval is ONE entry in the timer queue, however many subscribe — a thousand torches
 * flickering every 30 seconds cost one timer. A tick calls every subscriber's method in turn,
 * inside one unit of game work whose commit also carries the interval's next tick, so a tick
 * happens once (or, after a crash before its commit, happens again whole, once).
 *
 * Subscriptions name a method, never a closure, so they can be stored: persistent ones survive
 * reloads and crashes and go with their object (deleting it unsubscribes it). An overdue tick
 * after a restart fires once and keeps the rhythm. A method that throws is logged and the other
 * subscribers still tick; a method that is missing is logged once and unsubscribed.
 */
import type { Logger } from 'pino';
import { WaystoneError } from '../../shared/errors.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { DirtyTracker } from '../objects/write-scopes.ts';
import type { AttributeValue, Storage } from '../storage/types.ts';
import type { Timer, TimerQueue } from '../timing/timer-queue.ts';
import { firstSlotAfter } from './schedule.ts';
import type { GameWork } from './script-manager.ts';

export interface TickerOptions {
  /** Tells two subscriptions of one method on one interval apart. */
  idstring?: string;
  /** Stored (default true); false lasts until the next reload. */
  persistent?: boolean;
  /** Arguments for the method (stored, so attribute values only). */
  args?: AttributeValue[];
}

export interface TickerSubscription {
  readonly intervalMs: number;
  readonly obj: DefaultObject;
  readonly method: string;
  readonly idstring: string;
  readonly persistent: boolean;
  readonly args: AttributeValue[];
}

interface Interval {
  readonly intervalMs: number;
  nextAt: number;
  timer: Timer | null;
  readonly subs: Map<string, TickerSubscription>;
}

export interface TickersOptions {
  storage: Storage;
  writes: DirtyTracker;
  objectById: (id: number) => DefaultObject | undefined;
  queue: TimerQueue;
  run: GameWork;
  log: Logger;
}

const MIN_INTERVAL_SECONDS = 0.01;

export class Tickers {
  readonly #intervals = new Map<number, Interval>();

  constructor(private readonly opts: TickersOptions) {}

  /** Calls `obj[method](...args)` every `seconds`, starting one interval from now. */
  add(seconds: number, obj: DefaultObject, method: string, options: TickerOptions = {}): void {
    if (!(Number.isFinite(seconds) && seconds >= MIN_INTERVAL_SECONDS)) {
      throw new WaystoneError(
        'TIMER_INVALID',
        `A ticker interval must be at least ${MIN_INTERVAL_SECONDS} seconds.`,
      );
    }
    if (typeof (obj as unknown as Record<string, unknown>)[method] !== 'function') {
      throw new WaystoneError('TIMER_INVALID', `#${obj.id} has no method '${method}' to tick.`);
    }
    const sub: TickerSubscription = {
      intervalMs: Math.round(seconds * 1000),
      obj,
      method,
      idstring: options.idstring ?? '',
      persistent: options.persistent ?? true,
      args: structuredClone(options.args ?? []),
    };
    const interval = this.#interval(sub.intervalMs, null);
    interval.subs.set(subKey(sub.obj.id, sub.method, sub.idstring), sub);
    if (sub.persistent) {
      const row = {
        intervalMs: sub.intervalMs,
        objectId: obj.id,
        method,
        idstring: sub.idstring,
        args: sub.args,
      };
      this.opts.writes.markDirty(
        `ticker:${sub.intervalMs}:${row.objectId}:${method}:${sub.idstring}`,
        (tx) => tx.tickers.subscribe(row),
      );
      this.#saveNext(interval);
    }
  }

  /** Stops one subscription; false when there was none. */
  remove(
    seconds: number,
    obj: DefaultObject,
    method: string,
    options: { idstring?: string } = {},
  ): boolean {
    const intervalMs = Math.round(seconds * 1000);
    const interval = this.#intervals.get(intervalMs);
    const key = subKey(obj.id, method, options.idstring ?? '');
    const sub = interval?.subs.get(key);
    if (interval === undefined || sub === undefined) return false;
    this.#drop(interval, sub);
    return true;
  }

  /** Every subscription, by interval then object. */
  all(): TickerSubscription[] {
    const out: TickerSubscription[] = [];
    for (const interval of [...this.#intervals.values()].sort(
      (a, b) => a.intervalMs - b.intervalMs,
    )) {
      out.push(...[...interval.subs.values()].sort((a, b) => a.obj.id - b.obj.id));
    }
    return out;
  }

  /** When an interval ticks next (clock ms), or null. */
  nextTick(intervalMs: number): number | null {
    return this.#intervals.get(intervalMs)?.nextAt ?? null;
  }

  get count(): number {
    let n = 0;
    for (const interval of this.#intervals.values()) n += interval.subs.size;
    return n;
  }

  /** An object is being deleted: its subscriptions go (its stored rows go with the object). */
  objectDeleted(obj: DefaultObject): void {
    for (const interval of [...this.#intervals.values()]) {
      for (const sub of [...interval.subs.values()])
        if (sub.obj === obj) this.#drop(interval, sub, false);
    }
  }

  /** The stored subscriptions back, after the world is loaded; overdue ticks fire at once. */
  async load(): Promise<number> {
    const { storage, objectById, log } = this.opts;
    const nextTicks = new Map(
      (await storage.tickers.listIntervals()).map((i) => [i.intervalMs, i.nextAt.getTime()]),
    );
    let count = 0;
    for (const row of await storage.tickers.list()) {
      const obj = objectById(row.objectId);
      if (obj === undefined) continue;
      const interval = this.#interval(row.intervalMs, nextTicks.get(row.intervalMs) ?? null);
      interval.subs.set(subKey(obj.id, row.method, row.idstring), {
        intervalMs: row.intervalMs,
        obj,
        method: row.method,
        idstring: row.idstring,
        persistent: true,
        args: row.args,
      });
      count += 1;
    }
    for (const interval of this.#intervals.values()) this.#arm(interval);
    log.debug({ subscriptions: count, intervals: this.#intervals.size }, 'tickers loaded');
    return count;
  }

  #interval(intervalMs: number, storedNext: number | null): Interval {
    let interval = this.#intervals.get(intervalMs);
    if (interval === undefined) {
      const now = this.opts.queue.clock.now();
      interval = {
        intervalMs,
        nextAt: storedNext ?? now + intervalMs,
        timer: null,
        subs: new Map(),
      };
      this.#intervals.set(intervalMs, interval);
      this.#arm(interval);
    }
    return interval;
  }

  #arm(interval: Interval): void {
    const dueAt = interval.nextAt;
    interval.timer?.cancel();
    interval.timer = this.opts.queue.at(
      dueAt,
      () => this.#tick(interval, dueAt),
      `ticker every ${interval.intervalMs} ms`,
    );
  }

  async #tick(interval: Interval, dueAt: number): Promise<void> {
    if (this.#intervals.get(interval.intervalMs) !== interval || interval.nextAt !== dueAt) return;
    await this.opts.run(async () => {
      interval.nextAt = firstSlotAfter(dueAt, this.opts.queue.clock.now(), interval.intervalMs);
      if ([...interval.subs.values()].some((s) => s.persistent)) this.#saveNext(interval);
      for (const sub of [...interval.subs.values()]) {
        if (interval.subs.get(subKey(sub.obj.id, sub.method, sub.idstring)) !== sub) continue;
        await this.#call(interval, sub);
      }
    });
    if (this.#intervals.get(interval.intervalMs) === interval) this.#arm(interval);
  }

  async #call(interval: Interval, sub: TickerSubscription): Promise<void> {
    const fn = (sub.obj as unknown as Record<string, unknown>)[sub.method];
    if (sub.obj.isDeleted || typeof fn !== 'function') {
      this.opts.log.error(
        { code: 'TIMER_INVALID', objectId: sub.obj.id, method: sub.method },
        `ticker: #${sub.obj.id} has no method '${sub.method}' (any more); unsubscribed`,
      );
      this.#drop(interval, sub);
      return;
    }
    try {
      await (fn as (...args: AttributeValue[]) => unknown).apply(sub.obj, sub.args);
    } catch (err) {
      this.opts.log.error(
        {
          err,
          code: 'TICKER_ERROR',
          objectId: sub.obj.id,
          method: sub.method,
          intervalMs: sub.intervalMs,
        },
        `error in ticker #${sub.obj.id}.${sub.method}`,
      );
    }
  }

  #drop(interval: Interval, sub: TickerSubscription, store = true): void {
    interval.subs.delete(subKey(sub.obj.id, sub.method, sub.idstring));
    if (sub.persistent && store) {
      const key = {
        intervalMs: sub.intervalMs,
        objectId: sub.obj.id,
        method: sub.method,
        idstring: sub.idstring,
      };
      this.opts.writes.markDirty(
        `ticker:${key.intervalMs}:${key.objectId}:${key.method}:${key.idstring}`,
        (tx) => tx.tickers.unsubscribe(key),
      );
    }
    if (interval.subs.size === 0) {
      interval.timer?.cancel();
      this.#intervals.delete(interval.intervalMs);
      const intervalMs = interval.intervalMs;
      this.opts.writes.markDirty(`ticker-interval:${intervalMs}`, (tx) =>
        tx.tickers.deleteInterval(intervalMs),
      );
    }
  }

  #saveNext(interval: Interval): void {
    const { intervalMs } = interval;
    const next = new Date(interval.nextAt);
    this.opts.writes.markDirty(`ticker-interval:${intervalMs}`, (tx) =>
      tx.tickers.setNextTick(intervalMs, next),
    );
  }
}

function subKey(objectId: number, method: string, idstring: string): string {
  return `${objectId}\u0000${method}\u0000${idstring}`;
}
