/**
 * Lines waiting to go out at a pace the far end accepts: IRC servers disconnect ("flood-kill")
 * a client that writes many lines at once, so a bridge sends at most `perSecond` lines a second
 * after a short `burst`. The queue is bounded: past `maxQueued` a new line is dropped (and
 * counted), never buffered without end. While paused (not connected or not yet joined) lines
 * wait, still bounded; `resume` sends them at the same pace.
 */
import { TokenBucket } from '../sessions/token-bucket.ts';

export interface PacedQueueOptions<T> {
  readonly perSecond: number;
  readonly burst: number;
  readonly maxQueued: number;
  readonly deliver: (item: T) => void;
  readonly now?: () => number;
}

export class PacedQueue<T> {
  private readonly items: T[] = [];
  private readonly bucket: TokenBucket;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private paused = true;
  /** Lines dropped because the queue was full, since the owner last took the count. */
  private dropped = 0;

  constructor(private readonly opts: PacedQueueOptions<T>) {
    if (!(opts.perSecond > 0) || !(opts.burst >= 1) || !(opts.maxQueued >= 1))
      throw new RangeError('PacedQueue needs perSecond > 0, burst >= 1, maxQueued >= 1');
    this.now = opts.now ?? Date.now;
    this.bucket = new TokenBucket(opts.perSecond, opts.burst, this.now());
  }

  get length(): number {
    return this.items.length;
  }

  /** Queue `item`; false when the queue is full and it was dropped. */
  push(item: T): boolean {
    if (this.items.length >= this.opts.maxQueued) {
      this.dropped += 1;
      return false;
    }
    this.items.push(item);
    this.pump();
    return true;
  }

  /** How many were dropped since the last call (for one log line, not one per line). */
  takeDropped(): number {
    const n = this.dropped;
    this.dropped = 0;
    return n;
  }

  pause(): void {
    this.paused = true;
    this.clearTimer();
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  /** Forget every waiting line and stop. */
  clear(): void {
    this.items.length = 0;
    this.pause();
  }

  private pump(): void {
    if (this.paused) return;
    while (this.items.length > 0 && this.bucket.tryTake(1, this.now())) {
      this.opts.deliver(this.items.shift() as T);
      if (this.paused) return; // deliver may pause us (the connection went)
    }
    if (this.items.length > 0 && this.timer === null) {
      this.timer = setTimeout(
        () => {
          this.timer = null;
          this.pump();
        },
        Math.ceil(1000 / this.opts.perSecond),
      );
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
