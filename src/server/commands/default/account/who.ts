/**
 * `who` (`doing`): the accounts online, a table with one row each (text-ui/table.ts, fitted to
 * the client's width) — how long each has been connected and idle (its busiest session
 * counts). Admins also see what each plays and where, as Evennia's `who` shows staff more;
 * `doing` gives everyone the short list.
 */
import type { GameServices } from '../../../game-services.ts';
import type { ServerSession } from '../../../sessions/server-session.ts';
import { Command } from '../../command.ts';

/** One account's row, before it is laid out. */
interface Row {
  name: string;
  onFor: number;
  idle: number;
  playing: Set<string>;
  rooms: Set<string>;
}

/** "45s", "12m", "3h 5m", "2d 4h": the two largest units, for a column a glance can read. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const units: Array<[string, number]> = [
    ['d', Math.floor(s / 86_400)],
    ['h', Math.floor(s / 3600) % 24],
    ['m', Math.floor(s / 60) % 60],
    ['s', s % 60],
  ];
  const first = units.findIndex(([, n]) => n > 0);
  if (first === -1) return '0s';
  const shown = units.slice(first, first + 2).filter(([, n]) => n > 0);
  return shown.map(([unit, n]) => `${n}${unit}`).join(' ');
}

/** Columns padded to their widest cell; the last is not padded (no trailing spaces). */
export function layoutColumns(rows: readonly (readonly string[])[], gap = 2): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + gap)))
      .join('')
      .trimEnd(),
  );
}

export class CmdWho extends Command {
  override key = 'who';
  override aliases = ['doing'];
  // `staff`: who may see what others play and where.
  override locks = 'cmd:all();staff:perm(Admin)';
  override help = `
    List the accounts online: how long each has been on and idle.

    Usage:
      who
      doing       the same short list, for admins too

    Admins also see what each account plays and where.
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  func(): void {
    const staff = this.cmdstring.toLowerCase() !== 'doing' && this.access(this.subject, 'staff');
    const now = Date.now();
    const byAccount = new Map<number, Row>();
    for (const session of this.services.sessions.all()) {
      if (!session.loggedIn || session.uid === null) continue;
      let row = byAccount.get(session.uid);
      if (row === undefined) {
        row = {
          name: session.uname ?? '?',
          onFor: 0,
          idle: Infinity,
          playing: new Set(),
          rooms: new Set(),
        };
        byAccount.set(session.uid, row);
      }
      row.onFor = Math.max(row.onFor, now - session.connTime);
      row.idle = Math.min(row.idle, now - session.cmdLastVisible);
      if (staff) this.notePuppet(row, session);
    }
    const columns = ['Account name', 'On for', 'Idle', ...(staff ? ['Playing', 'Room'] : [])];
    const rows = [...byAccount.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((r) => [
        r.name,
        shortDuration(r.onFor),
        shortDuration(r.idle),
        ...(staff ? [listed(r.playing), listed(r.rooms)] : []),
      ]);
    const count = `Accounts online: ${rows.length}`;
    // Fitted to the client: long names and room lists wrap in their column on a narrow screen,
    // and a screen reader hears "Account name: Ann; On for: 3m; Idle: 20s" per account.
    this.msg(`${count}\n${this.table({ columns, rows, indent: 2 })}`);
  }

  private notePuppet(row: Row, session: ServerSession): void {
    const puppet = this.services.puppeting.puppetOf(session);
    if (puppet === null) return;
    row.playing.add(puppet.getDisplayName(null));
    const room = puppet.location;
    if (room !== null) row.rooms.add(room.getDisplayName(null));
  }
}

/** Several puppets (multisession modes 2 and 3) or rooms, one cell; '-' for none (OOC). */
function listed(names: ReadonlySet<string>): string {
  return names.size === 0 ? '-' : [...names].join(', ');
}
