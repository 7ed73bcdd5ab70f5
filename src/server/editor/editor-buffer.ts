/**
 * The line editor's text: lines, the changes that can be undone, and the bounds. Every change
 * is one splice (remove some lines at a place, put others there) and is remembered as the
 * splice that undoes it, so undo history costs only what each change removed — it travels with
 * the buffer in the session's `serverData` and must stay small.
 *
 * Bounds: `maxLines` lines and `maxChars` characters in all (lines joined by line breaks); a
 * change that would pass one is refused and changes nothing. History keeps the last
 * `UNDO_STEPS` changes, and no more removed text than the buffer may hold.
 */

/** Changes `:u` can undo, at most. */
export const UNDO_STEPS = 50;

/** The splice that undoes a change: at `at`, remove `added` lines and put `removed` back. */
export interface UndoStep {
  readonly at: number;
  readonly added: number;
  readonly removed: readonly string[];
}

export interface BufferLimits {
  readonly maxLines: number;
  readonly maxChars: number;
}

export class EditorBuffer {
  readonly #lines: string[];
  readonly #undo: UndoStep[];
  readonly limits: BufferLimits;

  constructor(lines: readonly string[], undo: readonly UndoStep[], limits: BufferLimits) {
    this.#lines = [...lines];
    this.#undo = [...undo];
    this.limits = limits;
  }

  get lines(): readonly string[] {
    return this.#lines;
  }

  get undoSteps(): readonly UndoStep[] {
    return this.#undo;
  }

  get length(): number {
    return this.#lines.length;
  }

  get text(): string {
    return this.#lines.join('\n');
  }

  /** Characters in all, line breaks counted. */
  get chars(): number {
    return charsOf(this.#lines);
  }

  /** Add a line at the end. An error text when over a bound (nothing changed), else null. */
  append(line: string): string | null {
    return this.#splice(this.#lines.length, 0, [line]);
  }

  /** Put `line` before line `n` (1-based; `length + 1` appends). */
  insert(n: number, line: string): string | null {
    return this.#splice(n - 1, 0, [line]);
  }

  replace(n: number, line: string): string | null {
    return this.#splice(n - 1, 1, [line]);
  }

  /** Delete lines `from` to `to` (1-based, inclusive). */
  delete(from: number, to: number): string | null {
    return this.#splice(from - 1, to - from + 1, []);
  }

  clear(): string | null {
    return this.#splice(0, this.#lines.length, []);
  }

  /** Undo the last change; false when there is none. */
  undo(): boolean {
    const step = this.#undo.pop();
    if (step === undefined) return false;
    this.#lines.splice(step.at, step.added, ...step.removed);
    return true;
  }

  #splice(at: number, remove: number, add: readonly string[]): string | null {
    const next = [...this.#lines];
    const removed = next.splice(at, remove, ...add);
    if (next.length > this.limits.maxLines) {
      return `The text may have at most ${this.limits.maxLines} lines; it was not changed.`;
    }
    const chars = charsOf(next);
    // Shrinking is always allowed, even for a text that started over the bound.
    if (chars > this.limits.maxChars && chars > this.chars) {
      return `The text may have at most ${this.limits.maxChars} characters; it was not changed.`;
    }
    this.#lines.splice(0, this.#lines.length, ...next);
    this.#undo.push({ at, added: add.length, removed });
    this.#trimHistory();
    return null;
  }

  /** Oldest changes go first: at most UNDO_STEPS, and no more removed text than maxChars. */
  #trimHistory(): void {
    let kept = 0;
    let start = this.#undo.length;
    while (start > 0 && this.#undo.length - start < UNDO_STEPS) {
      const size = charsOf((this.#undo[start - 1] as UndoStep).removed);
      if (kept + size > this.limits.maxChars) break;
      kept += size;
      start -= 1;
    }
    if (start > 0) this.#undo.splice(0, start);
  }
}

function charsOf(lines: readonly string[]): number {
  let n = Math.max(0, lines.length - 1);
  for (const line of lines) n += line.length;
  return n;
}
