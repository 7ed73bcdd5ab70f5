/**
 * CPU time used by other processes (the game under test), read from /proc on Linux: user and
 * system time of all of a process's threads, so password hashing on libuv's pool counts too.
 * Null where /proc is not there; the report then leaves the figure out.
 */
import { readFileSync } from 'node:fs';

/**
 * /proc reports times in clock ticks of USER_HZ, which Linux fixes at 100 for every
 * architecture it runs on (the kernel's own HZ may differ; the ABI does not).
 */
const TICKS_PER_SECOND = 100;

export interface ProcessCpu {
  pid: number;
  /** What the process is, for the report: Portal, Server or its command name. */
  role: string;
  /** User + system CPU seconds since the process started. */
  seconds: number;
}

/** Portal, Server (by their entry files, compiled or source) or the command's name. */
export function processRole(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (args.some((a) => /portal[/\\-]main\.[jt]s$/.test(a))) return 'Portal';
    if (args.some((a) => /server[/\\-]main\.[jt]s$/.test(a))) return 'Server';
    return (args[0] ?? '').split('/').pop() || String(pid);
  } catch {
    return String(pid);
  }
}

/** One process's CPU time so far, or null if it is gone (or there is no /proc). */
export function processCpu(pid: number): ProcessCpu | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; the fields after it do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15: 11 and 12 after the state (field 3).
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (!Number.isFinite(ticks)) return null;
    return { pid, role: processRole(pid), seconds: ticks / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** CPU each process of `after` used since `before` (processes in both only). */
export function cpuUsedBetween(
  before: readonly ProcessCpu[],
  after: readonly ProcessCpu[],
): ProcessCpu[] {
  const start = new Map(before.map((p) => [p.pid, p.seconds]));
  return after.flatMap((p) => {
    const s = start.get(p.pid);
    return s === undefined ? [] : [{ ...p, seconds: p.seconds - s }];
  });
}
