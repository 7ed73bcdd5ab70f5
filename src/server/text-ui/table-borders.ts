/**
 * The lines a bordered table is drawn with. `ascii` draws with `+ - = |`, which every client
 * shows; `unicode` with box-drawing characters, for clients that take UTF-8 (Command.table
 * falls back to `ascii` for a session whose encoding is not UTF-8). A vertical bar is written
 * `||`, the markup for one bar.
 */

export type TableBorder = 'none' | 'ascii' | 'unicode';

/** A horizontal rule: left corner, the line, the crossing between columns, right corner. */
export interface Rule {
  readonly left: string;
  readonly line: string;
  readonly cross: string;
  readonly right: string;
}

export interface BorderSet {
  readonly top: Rule;
  /** Under the header row. */
  readonly header: Rule;
  readonly bottom: Rule;
  /** Between cells and at both edges, as markup. */
  readonly vertical: string;
}

export const BORDERS: Readonly<Record<Exclude<TableBorder, 'none'>, BorderSet>> = {
  ascii: {
    top: { left: '+', line: '-', cross: '+', right: '+' },
    header: { left: '+', line: '=', cross: '+', right: '+' },
    bottom: { left: '+', line: '-', cross: '+', right: '+' },
    vertical: '||',
  },
  unicode: {
    top: { left: '┌', line: '─', cross: '┬', right: '┐' },
    header: { left: '╞', line: '═', cross: '╪', right: '╡' },
    bottom: { left: '└', line: '─', cross: '┴', right: '┘' },
    vertical: '│',
  },
};

/** A rule across columns of these widths, each cell padded by one space on both sides. */
export function drawRule(rule: Rule, widths: readonly number[]): string {
  return rule.left + widths.map((w) => rule.line.repeat(w + 2)).join(rule.cross) + rule.right;
}
