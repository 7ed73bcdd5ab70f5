/**
 * Resident memory of other processes (the game under test), read from /proc on Linux. Returns
 * null where /proc is not there, and the report then says the figure is unknown.
 */
import { readFileSync } from 'node:fs';

export function rssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Sum over `pids`; null if any is unknown. */
export function totalRssBytes(pids: readonly number[]): number | null {
  let total = 0;
  for (const pid of pids) {
    const v = rssBytes(pid);
    if (v === null) return null;
    total += v;
  }
  return total;
}

/** The soft limit on open files for this process (`ulimit -n`), or null if unknown. */
export function openFilesLimit(): number | null {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
    if (!m) return null;
    return m[1] === 'unlimited' ? Infinity : Number(m[1]);
  } catch {
    return null;
  }
}
