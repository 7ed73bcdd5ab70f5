/**
 * Finding a fixed byte string in a stream that arrives in chunks, where a match may straddle
 * two chunks. Only the last `needle.length - 1` bytes are kept between chunks, so a
 * connection's memory for this is bounded by its longest pattern whatever the server sends.
 * Searching bytes (Buffer.indexOf) instead of decoded text keeps the driver cheap per line.
 */
export class StreamSearch {
  readonly needle: Buffer;
  private tail: Buffer = Buffer.alloc(0);

  constructor(needle: string | Buffer) {
    this.needle = typeof needle === 'string' ? Buffer.from(needle, 'utf8') : needle;
    if (this.needle.length === 0) throw new Error('a search pattern cannot be empty');
  }

  /** Forget the carried bytes: what follows is searched as a fresh stream. */
  reset(): void {
    this.tail = Buffer.alloc(0);
  }

  /** How many times the needle occurs in the stream, counting matches that end in `chunk`. */
  count(chunk: Buffer): number {
    const n = this.needle.length;
    let found = 0;
    if (this.tail.length > 0) {
      // Matches that start in the carried tail and end in this chunk.
      const seam = Buffer.concat([this.tail, chunk.subarray(0, n - 1)]);
      for (let at = seam.indexOf(this.needle); at !== -1 && at < this.tail.length;) {
        found++;
        at = seam.indexOf(this.needle, at + n);
      }
    }
    for (let at = chunk.indexOf(this.needle); at !== -1; at = chunk.indexOf(this.needle, at + n))
      found++;
    this.carry(chunk);
    return found;
  }

  /** Whether the needle ends somewhere in `chunk` (given what came before). */
  test(chunk: Buffer): boolean {
    const n = this.needle.length;
    let hit = chunk.indexOf(this.needle) !== -1;
    if (!hit && this.tail.length > 0) {
      hit = Buffer.concat([this.tail, chunk.subarray(0, n - 1)]).indexOf(this.needle) !== -1;
    }
    this.carry(chunk);
    return hit;
  }

  private carry(chunk: Buffer): void {
    const keep = this.needle.length - 1;
    if (keep === 0) return;
    if (chunk.length >= keep) this.tail = Buffer.from(chunk.subarray(chunk.length - keep));
    else this.tail = Buffer.concat([this.tail, chunk]).subarray(-keep);
  }
}
