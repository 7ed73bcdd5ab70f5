/**
 * The Server's one timer structure: every script, ticker interval, delay and game-time
 * schedule is an entry in one indexed min-heap, and the queue keeps exactly one wake-up armed
 * on the clock — for the earliest entry — instead of a `setTimeout` per timer. 100,000 timers
 * cost a heap of 100,000 small objects and nothing while none is due.
 *
 * Entries due at the same instant fire in the order they were scheduled. A firing is not
 * awaited before the next one starts (a slow callback must not hold the others up), but the
 * wake-up returns them all, so a virtual clock settles them before moving on. What a firing
 * throws (or rejects with) goes to `onError` with the entry's label; the queue carries on.
 *
 * Resolution: with `resolutionMs`, wake-ups fall on a grid of that step (a timer fires at most
 * that late, never early), so timers due close together fire in one wake-up — and with `group`,
 * inside one wrapper around them all: the Server makes that one unit of game work, so the
 * timers of a wake-up commit in one transaction (one disk sync instead of one each; each
 * firing's schedule still commits with its own world changes). The price: a callback that
 * waits a long time holds back the commit of the others in its wake-up.
 */
import { IndexedHeap, type HeapItem } from '../../shared/indexed-heap.ts';
import type { Clock, ClockTimer } from './clock.ts';

export type TimerCallback = () => void | Promise<unknown>;

export class Timer implements HeapItem {
  dueAt: number;
  heapSeq = 0;
  heapIndex = -1;

  /** @internal Made by TimerQueue.at. */
  constructor(
    private readonly queue: TimerQueue,
    dueAt: number,
    readonly fire: TimerCallback,
    /** Names the timer in error reports ("script #12 'bell' on #5"). */
    readonly label: string,
  ) {
    this.dueAt = dueAt;
  }

  /** Waiting to fire (not fired, not cancelled). */
  get scheduled(): boolean {
    return this.heapIndex !== -1;
  }

  cancel(): void {
    this.queue.cancel(this);
  }

  /** Fire at `dueAt` instead (scheduling it again if it had fired or been cancelled). */
  reschedule(dueAt: number): void {
    this.queue.reschedule(this, dueAt);
  }
}

export interface TimerQueueOptions {
  /** Wake-ups on a grid of this many ms (0: exactly when due). */
  resolutionMs?: number;
  /** Runs all the firings of one wake-up (the Server: one unit of game work). */
  group?: (fireAll: () => Promise<unknown>) => Promise<unknown>;
}

export class TimerQueue {
  readonly #heap = new IndexedHeap<Timer>();
  #seq = 0;
  #armed: ClockTimer | null = null;
  #armedAt = Number.POSITIVE_INFINITY;
  #stopped = false;
  #fired = 0;

  readonly #resolutionMs: number;
  readonly #group: TimerQueueOptions['group'];

  constructor(
    readonly clock: Clock,
    private readonly onError: (err: unknown, label: string) => void,
    options: TimerQueueOptions = {},
  ) {
    this.#resolutionMs = Math.max(0, options.resolutionMs ?? 0);
    this.#group = options.group;
  }

  /** A timer firing at `dueAt` (clock milliseconds); in the past means at the next wake-up. */
  at(dueAt: number, fire: TimerCallback, label = 'timer'): Timer {
    const timer = new Timer(this, dueAt, fire, label);
    this.#insert(timer);
    return timer;
  }

  /** A timer firing `ms` from now. */
  in(ms: number, fire: TimerCallback, label = 'timer'): Timer {
    return this.at(this.clock.now() + Math.max(0, ms), fire, label);
  }

  cancel(timer: Timer): void {
    this.#heap.remove(timer);
    // The armed wake-up may now be early; it finds nothing due and re-arms. Cheaper than
    // re-arming on every cancel.
  }

  reschedule(timer: Timer, dueAt: number): void {
    timer.dueAt = dueAt;
    if (timer.scheduled) {
      timer.heapSeq = this.#seq++;
      this.#heap.update(timer);
      this.#armFor(dueAt);
    } else this.#insert(timer);
  }

  /** Timers waiting to fire. */
  get size(): number {
    return this.#heap.size;
  }

  /** Firings since the queue was made (for the `server` command and the bench). */
  get fired(): number {
    return this.#fired;
  }

  /** When the next timer is due, or null with none. */
  get nextDueAt(): number | null {
    return this.#heap.peek()?.dueAt ?? null;
  }

  /** Stop firing (the Server is stopping): entries stay, nothing more runs. */
  stop(): void {
    this.#stopped = true;
    this.#armed?.cancel();
    this.#armed = null;
    this.#armedAt = Number.POSITIVE_INFINITY;
  }

  #insert(timer: Timer): void {
    timer.heapSeq = this.#seq++;
    this.#heap.push(timer);
    this.#armFor(timer.dueAt);
  }

  #armFor(dueAt: number): void {
    const step = this.#resolutionMs;
    const wakeAt = step > 0 ? Math.ceil(dueAt / step) * step : dueAt;
    if (this.#stopped || wakeAt >= this.#armedAt) return;
    this.#armed?.cancel();
    this.#armedAt = wakeAt;
    this.#armed = this.clock.wakeIn(wakeAt - this.clock.now(), () => this.#wake());
  }

  #wake(): Promise<unknown> | undefined {
    this.#armed = null;
    this.#armedAt = Number.POSITIVE_INFINITY;
    if (this.#stopped) return undefined;
    const now = this.clock.now();
    const due: Timer[] = [];
    for (let next = this.#heap.peek(); next !== undefined && next.dueAt <= now;) {
      this.#heap.pop();
      due.push(next);
      next = this.#heap.peek();
    }
    const next = this.#heap.peek();
    if (next !== undefined) this.#armFor(next.dueAt);
    if (due.length === 0) return undefined;
    this.#fired += due.length;
    const fireAll = (): Promise<unknown> => {
      const running: Promise<unknown>[] = [];
      for (const timer of due) {
        const result = this.#run(timer);
        if (result !== undefined) running.push(result);
      }
      return Promise.all(running);
    };
    const group = this.#group;
    if (group === undefined) return fireAll();
    return group(fireAll).catch((err: unknown) =>
      this.onError(err, due.length === 1 ? due[0]!.label : `${due.length} timers`),
    );
  }

  #run(timer: Timer): Promise<unknown> | undefined {
    try {
      const result = timer.fire();
      if (result instanceof Promise) {
        return result.catch((err: unknown) => this.onError(err, timer.label));
      }
    } catch (err) {
      this.onError(err, timer.label);
    }
    return undefined;
  }
}
