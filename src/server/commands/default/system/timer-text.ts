/**
 * How the staff commands about timers (`scripts`, `script`, `tickers`, `server`) write times,
 * objects and scripts, so the same thing reads the same in each; and the plain-text table they
 * lay their listings out in (columns padded to their widest cell, under a header).
 */
import type { DefaultObject } from '../../../objects/object.ts';
import type { Script } from '../../../scripts/script.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { table as renderTable, type TableSpec } from '../../../text-ui/table.ts';
import { shortDuration } from '../account/who.ts';

/**
 * "0.05s", "2.5s", "45s", "30m", "1h 30m"; '--' for no time at all (no timer). Fractions only
 * below ten seconds, where a short interval needs them; above, whole units read at a glance.
 */
export function seconds(s: number | null): string {
  if (s === null) return '--';
  if (s < 10) return `${Math.round(s * 100) / 100}s`;
  if (s < 60) return `${Math.floor(s)}s`;
  return shortDuration(s * 1000);
}

/** `bell(#5)`: an object as staff see it, markup shown as typed. */
export function objectName(obj: DefaultObject): string {
  return `${obj.getDisplayName(null)}(#${obj.id})`;
}

/** What a script is attached to: an object, an account, or nothing (a global script). */
export function scriptOwner(script: Script): string {
  if (script.obj !== null) return objectName(script.obj);
  if (script.accountId !== null) return `account #${script.accountId}`;
  return 'global';
}

/** `'toll' (#3) on bell(#5)`: one script named in a reply. */
export function scriptName(script: Script): string {
  const on = scriptOwner(script);
  return `'${neutralise(script.key)}' (#${script.id}) ${on === 'global' ? '(global)' : `on ${on}`}`;
}

/** When it fires next: in how long, 'paused', or '--' without a timer. */
export function nextIn(script: Script): string {
  if (script.isPaused) return 'paused';
  return seconds(script.timeUntilNextRepeat());
}

const DESC_WIDTH = 30;

/**
 * Most rows one listing shows: a game with thousands of scripts or tickers gets the first ones
 * and a count of the rest, not a reply of megabytes.
 */
export const MAX_ROWS = 200;

/** The line under a listing cut at MAX_ROWS, or null when nothing was left out. */
export function moreLine(total: number, filter: string): string | null {
  return total > MAX_ROWS ? `... and ${total - MAX_ROWS} more (${filter}).` : null;
}

/** The scripts in a table: one row each (at most MAX_ROWS), under a header. */
export function scriptTable(scripts: readonly Script[], layout: TableLayout = plainTable): string {
  const rows = scripts
    .slice(0, MAX_ROWS)
    .map((s) => [
      `#${s.id}`,
      scriptOwner(s),
      neutralise(s.key),
      s.typeclass,
      s.interval > 0 ? seconds(s.interval) : '--',
      nextIn(s),
      s.repeats > 0 ? `${s.remainingRepeats ?? 0}/${s.repeats}` : '-',
      s.persistent ? 'yes' : 'no',
      neutralise(crop(s.desc, DESC_WIDTH)),
    ]);
  const header = ['id', 'on', 'key', 'class', 'every', 'next', 'left', 'stored', 'desc'];
  const more = moreLine(scripts.length, 'name a key, a class or an object to see them');
  return [table(header, rows, layout), ...(more === null ? [] : [more])].join('\n');
}

/** "1 subscription", "3 subscriptions". */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * How a command lays out a table: `(spec) => this.table(spec)` fits it to the typing session's
 * screen and reads it linearly to a screen reader (text-ui/table.ts); `plainTable` does neither.
 */
export type TableLayout = (spec: TableSpec) => string;

export const plainTable: TableLayout = (spec) => renderTable(spec);

/** A header over rows, every column as wide as its widest cell (as far as the screen allows). */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  layout: TableLayout = plainTable,
): string {
  return layout({ columns: header, rows });
}

function crop(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 3)}...`;
}
