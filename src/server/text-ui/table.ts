/**
 * Tables (Evennia's EvTable): columns with headers and alignment, cells that wrap, borders,
 * a width to fit, and a linear form for screen readers.
 *
 *   table({
 *     columns: [{ header: 'Name' }, { header: 'Idle', align: 'right' }],
 *     rows: [['Ann', '3m'], ['Bob', '12s']],
 *     border: 'unicode',
 *     width: 78,
 *   });
 *
 * In a command, `this.table(spec)` fills in `width` (the client's SCREENWIDTH), the linear
 * form for a SCREENREADER session, and plain ASCII borders for a client that is not UTF-8.
 *
 * - Cells are markup (`|r`, `|n`…): widths count what the player sees, not the codes, and wide
 *   characters (CJK, emoji) count two columns (display-width.ts). A cell's colour never runs
 *   into the next cell or the border. Cells are game text: neutralise player-written text
 *   before putting it in one (as for any output).
 * - Long cells wrap at spaces; a word longer than its column is broken. A `\n` (or `|/`) in a
 *   cell starts a new line within it.
 * - `width`: the most columns the whole table may take, borders included. Without it the table
 *   is as wide as its cells; with it, columns shrink in proportion (column-widths.ts) — never
 *   grow. A table that cannot fit (more columns than the width) is as narrow as it can be.
 * - Borders: 'none' (the default: columns apart by `gap` spaces, no trailing spaces, lines
 *   indented by `indent`), 'ascii' or 'unicode' (a frame, a rule under the header, cells padded
 *   by one space).
 * - `screenReader`: one line per row, `Header: value; Header: value`, no borders or padding;
 *   empty cells are left out, a cell without a header is its value alone, lines in a cell are
 *   joined with spaces. Headers name the values even when the header row is hidden.
 */
import { DEFAULT_PROTOCOL_FLAGS, type ProtocolFlags } from '../../shared/session-data.ts';
import { columnWidths } from './column-widths.ts';
import { lineSources, piecesWidth, splitLines, toPieces, type Piece } from './styled-text.ts';
import { BORDERS, drawRule, type TableBorder } from './table-borders.ts';
import { wrapPieces } from './wrap.ts';

export type { TableBorder } from './table-borders.ts';

export type Align = 'left' | 'right' | 'center';

const DEFAULT_WIDTH = Number(DEFAULT_PROTOCOL_FLAGS['SCREENWIDTH']);

/** What a cell may hold: text (markup), a number; null and undefined are an empty cell. */
export type CellValue = string | number | boolean | null | undefined;

export interface TableColumn {
  /** Shown above the column; in the screen-reader form, names each value. */
  readonly header?: string;
  /** Default 'left'. The header is aligned as the column is. */
  readonly align?: Align;
  /** At least this many columns wide, while the table can fit. */
  readonly minWidth?: number;
  /** At most this many columns wide: longer cells wrap. */
  readonly maxWidth?: number;
}

export interface TableSpec {
  /** The columns, in order; a string is a column with that header. */
  readonly columns: readonly (TableColumn | string)[];
  /** The rows: one value per column (missing values are empty cells, extra ones ignored). */
  readonly rows: readonly (readonly CellValue[])[];
  /** Default 'none'. */
  readonly border?: TableBorder;
  /** The most columns the table may take, borders included (the client's width). */
  readonly width?: number;
  /** Show the header row; default: when any column has a header. */
  readonly headerRow?: boolean;
  /** Spaces before each line (border 'none' only); default 0. */
  readonly indent?: number;
  /** Spaces between columns (border 'none' only); default 2. */
  readonly gap?: number;
  /** The linear form for screen readers (see the module comment). */
  readonly screenReader?: boolean;
}

interface Cell {
  readonly lines: Piece[][];
}

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

function columnOf(c: TableColumn | string): TableColumn {
  return typeof c === 'string' ? { header: c } : c;
}

/** The longest run of non-space characters, in columns. */
function longestWord(lines: readonly Piece[][]): number {
  let longest = 0;
  for (const line of lines) {
    let run = 0;
    for (const p of line) {
      if (p.kind !== 'char') continue;
      if (p.text === ' ') run = 0;
      else longest = Math.max(longest, (run += p.width));
    }
  }
  return longest;
}

function pad(markup: string, visible: number, width: number, align: Align): string {
  const room = Math.max(0, width - visible);
  if (room === 0) return markup;
  if (align === 'right') return ' '.repeat(room) + markup;
  if (align === 'center') {
    const left = Math.floor(room / 2);
    return ' '.repeat(left) + markup + ' '.repeat(room - left);
  }
  return markup + ' '.repeat(room);
}

/** One table row's cells, wrapped to the widths, as lines of padded cell texts. */
function layoutRow(
  cells: readonly Cell[],
  widths: readonly number[],
  aligns: readonly Align[],
): string[][] {
  const wrapped = cells.map((cell, i) => {
    const width = widths[i] as number;
    const lines = cell.lines.flatMap((line) => wrapPieces(line, width));
    const sources = lineSources(lines);
    return lines.map((line, k) =>
      pad(sources[k] as string, piecesWidth(line), width, aligns[i] ?? 'left'),
    );
  });
  const height = Math.max(1, ...wrapped.map((w) => w.length));
  const out: string[][] = [];
  for (let k = 0; k < height; k++) {
    out.push(wrapped.map((w, i) => w[k] ?? ' '.repeat(widths[i] as number)));
  }
  return out;
}

function linearRow(headers: readonly string[], cells: readonly CellValue[]): string {
  const parts: string[] = [];
  headers.forEach((header, i) => {
    const text = lineSources(splitLines(toPieces(cellText(cells[i]))))
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .join(' ');
    if (text === '') return;
    parts.push(header === '' ? text : `${header}: ${text}`);
  });
  return parts.join('; ');
}

/** The table as text (markup), lines joined with `\n`. */
export function table(spec: TableSpec): string {
  const columns = spec.columns.map(columnOf);
  const headers = columns.map((c) => c.header ?? '');
  if (spec.screenReader === true) {
    return spec.rows.map((row) => linearRow(headers, row)).join('\n');
  }
  const border = spec.border ?? 'none';
  const showHeader = spec.headerRow ?? headers.some((h) => h !== '');
  const toCell = (value: CellValue): Cell => ({ lines: splitLines(toPieces(cellText(value))) });
  const headerCells = headers.map(toCell);
  const bodyRows = spec.rows.map((row) => columns.map((_, i) => toCell(row[i])));
  const all = showHeader ? [headerCells, ...bodyRows] : bodyRows;
  const needs = columns.map((c, i) => ({
    natural: Math.max(0, ...all.map((row) => Math.max(...(row[i] as Cell).lines.map(piecesWidth)))),
    longestWord: Math.max(0, ...all.map((row) => longestWord((row[i] as Cell).lines))),
    minWidth: c.minWidth,
    maxWidth: c.maxWidth,
  }));
  const n = columns.length;
  const indent = border === 'none' ? Math.max(0, spec.indent ?? 0) : 0;
  const gap = Math.max(0, spec.gap ?? 2);
  const overhead = border === 'none' ? indent + gap * (n - 1) : 3 * n + 1;
  const widths = columnWidths(
    needs,
    spec.width === undefined ? undefined : Math.max(0, spec.width - overhead),
  );
  const aligns = columns.map((c) => c.align ?? 'left');
  const headerLines = showHeader ? layoutRow(headerCells, widths, aligns) : [];
  const bodyLines = bodyRows.flatMap((row) => layoutRow(row, widths, aligns));
  if (border === 'none') {
    const lead = ' '.repeat(indent);
    const sep = ' '.repeat(gap);
    return [...headerLines, ...bodyLines]
      .map((cells) => (lead + cells.join(sep)).trimEnd())
      .join('\n');
  }
  const set = BORDERS[border];
  const row = (cells: readonly string[]): string =>
    `${set.vertical} ${cells.join(` ${set.vertical} `)} ${set.vertical}`;
  return [
    drawRule(set.top, widths),
    ...headerLines.map(row),
    ...(showHeader ? [drawRule(set.header, widths)] : []),
    ...bodyLines.map(row),
    drawRule(set.bottom, widths),
  ].join('\n');
}

/** The encodings box-drawing characters survive. */
const UTF8 = new Set(['utf-8', 'utf8']);

/**
 * The spec fitted to a client with these flags (what `command.table` does): at most its
 * SCREENWIDTH wide unless the spec says, the linear form for SCREENREADER, ASCII instead of
 * box drawing for an encoding other than UTF-8.
 */
export function tableForClient(spec: TableSpec, flags: Readonly<ProtocolFlags>): string {
  const width = flags['SCREENWIDTH'];
  const encoding = typeof flags['ENCODING'] === 'string' ? flags['ENCODING'].toLowerCase() : '';
  return table({
    ...spec,
    width: spec.width ?? (typeof width === 'number' && width > 0 ? width : DEFAULT_WIDTH),
    screenReader: spec.screenReader ?? flags['SCREENREADER'] === true,
    border:
      spec.border === 'unicode' && encoding !== '' && !UTF8.has(encoding) ? 'ascii' : spec.border,
  });
}
