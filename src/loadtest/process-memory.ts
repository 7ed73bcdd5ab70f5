/**
 * Resident memory of other processes (the game under test), read from /proc on Linux. Returns
 * null where /proc is not there, and the report then says the figure is unknown.
 *
 * A game is counted as a process tree (processTree): the Portal, the Server it spawns and any
 * helper either keeps (an esbuild service), so memory moved into a child is still counted.
 */
import { readdirSync, readFileSync } from 'node:fs';

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

/** The parent pid of `pid` (field 4 of /proc/<pid>/stat), or null if it is gone. */
function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; the fields after it do not.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * `root` and every process descended from it, root first, parents before their children;
 * null where /proc cannot be read. A process that exits during the walk is left out.
 */
export function processTree(root: number): number[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const children = new Map<number, number[]>();
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const parent = parentPid(pid);
    if (parent === null) continue;
    const list = children.get(parent);
    if (list) list.push(pid);
    else children.set(parent, [pid]);
  }
  if (parentPid(root) === null) return [];
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

export interface ProcessMemory {
  pid: number;
  /** The command line (arguments joined by spaces), to tell the processes of a tree apart. */
  command: string;
  rssBytes: number;
  /** Proportional set size: shared pages (the node binary) split among the processes using them. */
  pssBytes: number | null;
  /** Anonymous memory: heaps, stacks, allocator arenas — what the process itself allocated. */
  anonymousBytes: number | null;
}

/** One process's memory from /proc/<pid>/smaps_rollup (Linux ≥ 4.14), else VmRSS alone. */
export function processMemory(pid: number): ProcessMemory | null {
  const rss = rssBytes(pid);
  if (rss === null) return null;
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    // Gone between the two reads: the figures read are still this process's.
  }
  let rollup = '';
  try {
    rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    // Older kernels: RSS only.
  }
  const kb = (field: string): number | null => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup);
    return m ? Number(m[1]) * 1024 : null;
  };
  return { pid, command, rssBytes: rss, pssBytes: kb('Pss'), anonymousBytes: kb('Anonymous') };
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
