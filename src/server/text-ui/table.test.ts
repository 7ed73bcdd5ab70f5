import { describe, expect, it } from 'vitest';
import { stripMarkup } from '../../shared/markup/plain.ts';
import { markupWidth } from './styled-text.ts';
import { table, tableForClient, type TableColumn } from './table.ts';

const columns: TableColumn[] = [
  { header: 'Name' },
  { header: 'Level', align: 'right' },
  { header: 'Title', align: 'center' },
];
const rows = [
  ['|rAnn|n', 12, 'Keeper of the bell'],
  ['Bob', 3, ''],
  ['李小龍', null, 'Dragon'],
];

describe('tables', () => {
  it('draws ASCII borders around cells padded to their visible width', () => {
    // The bar is written `||` (markup for one bar); `|rAnn|n` is three columns wide, 李小龍 six.
    expect(table({ columns, rows, border: 'ascii' }).split('\n')).toEqual([
      '+--------+-------+--------------------+',
      '|| Name   || Level ||       Title        ||',
      '+========+=======+====================+',
      '|| |rAnn|n    ||    12 || Keeper of the bell ||',
      '|| Bob    ||     3 ||                    ||',
      '|| 李小龍 ||       ||       Dragon       ||',
      '+--------+-------+--------------------+',
    ]);
  });

  it('fits a width by shrinking columns and wrapping their cells', () => {
    const lines = table({ columns, rows, border: 'unicode', width: 26 }).split('\n');
    expect(lines).toEqual([
      '┌────────┬───────┬───────┐',
      '│ Name   │ Level │ Title │',
      '╞════════╪═══════╪═══════╡',
      '│ |rAnn|n    │    12 │ Keepe │',
      '│        │       │ r of  │',
      '│        │       │  the  │',
      '│        │       │ bell  │',
      '│ Bob    │     3 │       │',
      '│ 李小龍 │       │ Drago │',
      '│        │       │   n   │',
      '└────────┴───────┴───────┘',
    ]);
    for (const line of lines) expect(markupWidth(line)).toBe(26);
  });

  it('without borders: columns apart by a gap, indented, no trailing spaces', () => {
    expect(
      table({
        columns: ['Who', 'Where'],
        rows: [
          ['Ann', 'Limbo'],
          ['Bob', ''],
        ],
        indent: 2,
      }),
    ).toBe(['  Who  Where', '  Ann  Limbo', '  Bob'].join('\n'));
    // No headers, no header row; a cell's own line breaks stay.
    expect(table({ columns: [{}, {}], rows: [['a', 'one\ntwo']] })).toBe('a  one\n   two');
  });

  it('keeps a cell’s colour inside the cell', () => {
    const out = table({
      columns: ['A', 'B'],
      rows: [['|gvery green words', 'plain']],
      width: 14,
    });
    // 12 columns for the cells: "plain" keeps its 5, the coloured cell gets the other 7.
    expect(out.split('\n')).toEqual(['A        B', '|gvery|n     plain', '|ggreen|n', '|gwords|n']);
    expect(stripMarkup(out)).not.toContain('|');
  });

  it('reads linearly for screen readers: Header: value; …, empty cells left out', () => {
    expect(table({ columns, rows, screenReader: true }).split('\n')).toEqual([
      'Name: |rAnn|n; Level: 12; Title: Keeper of the bell',
      'Name: Bob; Level: 3',
      'Name: 李小龍; Title: Dragon',
    ]);
    // Headers name the values even when the header row is hidden; a cell without one stands alone.
    expect(
      table({
        columns: ['Category', {}],
        rows: [['General', 'help,\nlook']],
        headerRow: false,
        screenReader: true,
      }),
    ).toBe('Category: General; help, look');
  });

  it('fits a client: its width, a screen reader, ASCII for an encoding other than UTF-8', () => {
    const spec = { columns, rows, border: 'unicode' as const };
    const latin = tableForClient(spec, { ENCODING: 'latin-1', SCREENWIDTH: 30 }).split('\n');
    expect(latin[0]).toBe('+--------+-------+-----------+');
    expect(latin[3]).toBe('|| |rAnn|n    ||    12 || Keeper of ||');
    expect(tableForClient(spec, { ENCODING: 'utf-8', SCREENWIDTH: 200 })).toBe(
      table({ ...spec, width: 200 }),
    );
    expect(tableForClient(spec, { SCREENREADER: true })).toBe(
      table({ ...spec, screenReader: true }),
    );
  });
});
