/**
 * Gives memory back after a burst, once the process is quiet. A login rush or a busy evening
 * leaves V8's heap full of garbage and its young generation grown; with nothing allocating
 * afterwards, V8 may never collect (its memory reducer waits for a collection to start it), so
 * a game that was busy an hour ago could keep twice the memory its sessions need. When the
 * event loop has been nearly idle for a while and the heap has grown since the last time, one
 * full collection runs: V8 then also shrinks the young generation, seeing the allocation rate
 * low, and glibc returns the freed pages.
 *
 * It costs one timer tick every `checkMs`, and a full collection (tens of milliseconds on a
 * big heap) only when the process is idle anyway; never while it is busy.
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface IdleCompactorOptions {
  /** How often utilisation is sampled. */
  checkMs?: number;
  /** The loop is "quiet" below this share of busy time (0..1) in a sample. */
  quietBelow?: number;
  /** Consecutive quiet samples before a collection. */
  quietSamples?: number;
  /** Only when the heap has grown by at least this many bytes since the last collection. */
  minGrowthBytes?: number;
  /** Told after each collection: heap used before and after, in bytes. */
  onCollect?: (before: number, after: number) => void;
  /** Each collection is logged here at debug level, in MB. */
  log?: { debug(fields: object, message: string): void };
}

type Collect = (options?: { type?: 'major'; execution?: 'sync' }) => void;

/** `global.gc`, from --expose-gc, or made available here (a Portal run in the launcher). */
function collector(): Collect {
  const exposed = (globalThis as { gc?: Collect }).gc;
  if (exposed !== undefined) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Collect;
}

export class IdleCompactor {
  readonly #checkMs: number;
  readonly #quietBelow: number;
  readonly #quietSamples: number;
  readonly #minGrowth: number;
  readonly #onCollect: (before: number, after: number) => void;
  #timer: NodeJS.Timeout | null = null;
  #last = performance.eventLoopUtilization();
  #quiet = 0;
  #baseline = process.memoryUsage().heapUsed;
  #collect: Collect | null = null;

  constructor(options: IdleCompactorOptions = {}) {
    this.#checkMs = options.checkMs ?? 5_000;
    this.#quietBelow = options.quietBelow ?? 0.02;
    this.#quietSamples = options.quietSamples ?? 6;
    this.#minGrowth = options.minGrowthBytes ?? 16 * 2 ** 20;
    const { onCollect, log } = options;
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
    this.#onCollect = (before, after) => {
      log?.debug({ beforeMb: mb(before), afterMb: mb(after) }, 'idle: heap compacted');
      onCollect?.(before, after);
    };
  }

  start(): void {
    if (this.#timer !== null) return;
    this.#last = performance.eventLoopUtilization();
    this.#timer = setInterval(() => this.#check(), this.#checkMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  #check(): void {
    const now = performance.eventLoopUtilization();
    const sample = performance.eventLoopUtilization(now, this.#last);
    this.#last = now;
    this.#quiet = sample.utilization < this.#quietBelow ? this.#quiet + 1 : 0;
    if (this.#quiet < this.#quietSamples) return;
    const before = process.memoryUsage().heapUsed;
    if (before - this.#baseline < this.#minGrowth) return;
    this.#collect ??= collector();
    this.#collect({ type: 'major', execution: 'sync' });
    const after = process.memoryUsage().heapUsed;
    this.#baseline = after;
    this.#quiet = 0;
    this.#onCollect(before, after);
  }
}
