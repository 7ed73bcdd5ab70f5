/**
 * A latency histogram with bounded memory and bounded error, in the spirit of HdrHistogram:
 * values (whole microseconds) below 128 get a bucket each; above, every power of two is split
 * into 64 buckets, so a percentile read from it is within 1/64 (1.6 %) of the true value
 * whatever the number of samples. 1,664 counters cover 0 µs to ~35 minutes; larger values are
 * clamped into the last bucket and counted as such.
 */
const SUB_BITS = 6;
const SUB = 1 << SUB_BITS; // 64 buckets per power of two
const LINEAR = SUB * 2; // 0..127 µs one bucket each
const MAX_VALUE = 2 ** 31 - 1;
const BUCKETS = (31 - SUB_BITS) * SUB + SUB; // (max shift + 2) * 64

export function bucketOf(micros: number): number {
  const v = Math.min(MAX_VALUE, Math.max(0, Math.floor(micros)));
  if (v < LINEAR) return v;
  const shift = 31 - Math.clz32(v) - SUB_BITS;
  return (shift + 1) * SUB + ((v >>> shift) - SUB);
}

/** Smallest value that falls in `bucket`. */
export function bucketLow(bucket: number): number {
  if (bucket < LINEAR) return bucket;
  const shift = Math.floor(bucket / SUB) - 1;
  return ((bucket % SUB) + SUB) * 2 ** shift;
}

/** One past the largest value that falls in `bucket`. */
export function bucketHigh(bucket: number): number {
  if (bucket < LINEAR) return bucket + 1;
  const shift = Math.floor(bucket / SUB) - 1;
  return ((bucket % SUB) + SUB + 1) * 2 ** shift;
}

export interface HistogramSummary {
  count: number;
  /** Milliseconds. NaN when empty. */
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  private sum = 0;
  private minMicros = Infinity;
  private maxMicros = -Infinity;
  /** Samples past the top of the range (recorded as the top). */
  clamped = 0;

  /** Record one latency in milliseconds (what performance.now() differences give). */
  recordMs(ms: number): void {
    const micros = ms * 1000;
    if (micros > MAX_VALUE) this.clamped++;
    this.counts[bucketOf(micros)]! += 1;
    this.count++;
    this.sum += micros;
    if (micros < this.minMicros) this.minMicros = micros;
    if (micros > this.maxMicros) this.maxMicros = micros;
  }

  add(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sum += other.sum;
    this.clamped += other.clamped;
    this.minMicros = Math.min(this.minMicros, other.minMicros);
    this.maxMicros = Math.max(this.maxMicros, other.maxMicros);
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.clamped = 0;
    this.minMicros = Infinity;
    this.maxMicros = -Infinity;
  }

  /** The value at percentile p (0–100), in ms: the middle of its bucket, clamped to min/max. */
  percentileMs(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        const mid = (bucketLow(i) + bucketHigh(i) - 1) / 2;
        return Math.min(this.maxMicros, Math.max(this.minMicros, mid)) / 1000;
      }
    }
    return this.maxMicros / 1000;
  }

  summary(): HistogramSummary {
    const empty = this.count === 0;
    return {
      count: this.count,
      min: empty ? NaN : this.minMicros / 1000,
      mean: empty ? NaN : this.sum / this.count / 1000,
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p99: this.percentileMs(99),
      p999: this.percentileMs(99.9),
      max: empty ? NaN : this.maxMicros / 1000,
    };
  }

  /** Non-empty buckets as [lowMs, highMs, count], for the report's histogram chart. */
  buckets(): Array<[number, number, number]> {
    const out: Array<[number, number, number]> = [];
    for (let i = 0; i < BUCKETS; i++) {
      const c = this.counts[i]!;
      if (c > 0) out.push([bucketLow(i) / 1000, bucketHigh(i) / 1000, c]);
    }
    return out;
  }
}
