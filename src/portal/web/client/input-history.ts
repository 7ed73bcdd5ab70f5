/**
 * The command line's history, as shells keep it: Up walks back through earlier lines, Down
 * walks forward and finally returns the draft that was being typed before Up was pressed.
 * Kept in memory only (lines can hold passwords typed in plain view); bounded.
 */
export class InputHistory {
  private readonly lines: string[] = [];
  /** Index into `lines` while browsing; `lines.length` means "at the draft". */
  private cursor = 0;
  private draft = '';

  constructor(private readonly maxLines = 200) {}

  get size(): number {
    return this.lines.length;
  }

  /** Remember a submitted line (not empty, not a repeat of the last one) and stop browsing. */
  push(line: string): void {
    if (line.trim() !== '' && this.lines[this.lines.length - 1] !== line) {
      this.lines.push(line);
      if (this.lines.length > this.maxLines)
        this.lines.splice(0, this.lines.length - this.maxLines);
    }
    this.cursor = this.lines.length;
    this.draft = '';
  }

  /** The line before the one shown; `current` is kept as the draft when browsing starts. */
  up(current: string): string | null {
    if (this.cursor === 0) return null;
    if (this.cursor === this.lines.length) this.draft = current;
    this.cursor -= 1;
    return this.lines[this.cursor] ?? null;
  }

  /** The line after the one shown, or the draft past the newest line. */
  down(): string | null {
    if (this.cursor >= this.lines.length) return null;
    this.cursor += 1;
    return this.cursor === this.lines.length ? this.draft : (this.lines[this.cursor] ?? null);
  }
}
