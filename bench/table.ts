/**
 * The suite's one table: each row a scenario, its figure, the target from issue 7, the figure
 * as a ratio of the target (so a miss is stated, never hidden), the same figure for the
 * raw-echo baseline where there is one, and the driver's own CPU.
 */
export interface Row {
  scenario: string;
  figure: string;
  /** The number compared with the target (same unit). */
  value: number;
  target: string;
  /** 'min': value must reach the target; 'max': stay below it; 'atMost': not go above it. */
  sense: 'min' | 'max' | 'atMost';
  targetValue: number;
  baseline: string;
  driverCpu: string;
  note?: string;
}

export function met(r: Row): boolean {
  if (r.sense === 'min') return r.value >= r.targetValue;
  return r.sense === 'max' ? r.value < r.targetValue : r.value <= r.targetValue;
}

/** How far the figure is from its target: value/target for 'min', else target/value (≥ 1 = met). */
export function targetRatio(r: Row): number {
  return r.sense === 'min' ? r.value / r.targetValue : r.targetValue / r.value;
}

function cells(r: Row): string[] {
  const ratio = targetRatio(r);
  return [
    r.scenario,
    r.figure,
    r.target,
    Number.isFinite(ratio)
      ? `${ratio.toFixed(2)}${met(r) ? '' : ' MISSED'}`
      : met(r)
        ? 'met'
        : 'MISSED',
    r.baseline,
    r.driverCpu,
  ];
}

const HEAD = ['scenario', 'figure', 'target', 'figure/target', 'raw-echo baseline', 'driver CPU'];

export function formatTable(rows: Row[]): string {
  const body = rows.map(cells);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(HEAD), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
  for (const r of rows) if (r.note) out.push(`  ${r.scenario}: ${r.note}`);
  return out.join('\n');
}

/** The same table in Markdown, for the README. */
export function markdownTable(rows: Row[]): string {
  const out = [`| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`];
  for (const r of rows) out.push(`| ${cells(r).join(' | ')} |`);
  return out.join('\n');
}

export const int = (v: number): string =>
  Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '-';
export const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : '-');
export const pct = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(0)} %` : '-');
