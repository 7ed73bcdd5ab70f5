/**
 * A token bucket: it fills at `rate` tokens a second up to `capacity`, and each input spends
 * from it. The session handler keeps two per session, lines a second and bytes a second. Time
 * is passed in (milliseconds), so tests need no clock.
 */
export class TokenBucket {
  private tokens: number;
  private stamp: number;

  constructor(
    private rate: number,
    private capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.stamp = now;
  }

  /** A new rate and capacity (the session logged in or out); saved tokens above it are lost. */
  setRate(rate: number, capacity: number, now: number): void {
    this.refill(now);
    this.rate = rate;
    this.capacity = capacity;
    this.tokens = Math.min(this.tokens, capacity);
  }

  /** Fills the bucket to its capacity (a session that logged in starts with a full budget). */
  fill(now: number): void {
    this.refill(now);
    this.tokens = this.capacity;
  }

  /** Takes `cost` tokens if the bucket holds that many; false (and takes none) if not. */
  tryTake(cost: number, now: number): boolean {
    this.refill(now);
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /**
   * Takes `cost` tokens even when that leaves the bucket in debt (bytes already read cannot be
   * refused). Returns how many milliseconds the bucket needs to be out of debt, 0 if it is not.
   */
  charge(cost: number, now: number): number {
    this.refill(now);
    this.tokens -= cost;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }

  private refill(now: number): void {
    // Wall clocks can step back (NTP); time then stands still until it has caught up.
    if (now <= this.stamp) return;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.stamp) / 1000) * this.rate);
    this.stamp = now;
  }
}
