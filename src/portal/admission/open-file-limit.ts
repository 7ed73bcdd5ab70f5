/**
 * How many player connections the Portal can hold: every connection is one file descriptor,
 * and a process past its open-file limit (RLIMIT_NOFILE) cannot accept, open its log or reach
 * its Server. `maxConnections: 'auto'` is the soft limit less a reserve for the Portal's own
 * files; a number is taken as given (with a warning when the limit cannot hold it).
 *
 * Node raises its soft limit to the hard limit when it starts, so the number read here is
 * the one that applies. It is read once, at start: from /proc/self/limits on Linux, else from
 * a child shell's `ulimit -n` (a child inherits the same limit).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Used when the limit cannot be read at all: safe under the usual 1024 soft limit. */
export const FALLBACK_MAX_CONNECTIONS = 900;

/**
 * Descriptors kept for the Portal itself: standard streams, listeners, the link to the Server
 * and the launcher, log files, certificates, the Server's pipes while it starts, libuv's own.
 */
export function descriptorReserve(limit: number): number {
  return Math.max(128, Math.ceil(limit * 0.05));
}

/** The soft open-file limit, `Infinity` when unlimited, null when it cannot be read. */
export function readOpenFileLimit(): number | null {
  try {
    const text = readFileSync('/proc/self/limits', 'utf8');
    const soft = /^Max open files\s+(\S+)/m.exec(text)?.[1];
    if (soft !== undefined) return parseLimit(soft);
  } catch {
    // Not Linux: ask a shell.
  }
  try {
    const out = execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8', timeout: 2000 });
    return parseLimit(out.trim());
  } catch {
    return null;
  }
}

function parseLimit(text: string): number | null {
  if (text === 'unlimited') return Infinity;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export interface ConnectionCap {
  readonly maxConnections: number;
  /** Set when the configured number is more than the limit can hold. */
  readonly warning: string | null;
}

/** `maxConnections` from its setting and the open-file limit. */
export function connectionCap(setting: number | 'auto', limit: number | null): ConnectionCap {
  const fits =
    limit === null || limit === Infinity ? null : Math.max(1, limit - descriptorReserve(limit));
  if (setting === 'auto') {
    if (limit === Infinity) return { maxConnections: 100_000, warning: null };
    return { maxConnections: fits ?? FALLBACK_MAX_CONNECTIONS, warning: null };
  }
  if (fits !== null && setting > fits) {
    return {
      maxConnections: setting,
      warning:
        `maxConnections ${setting} is more than the open-file limit ${limit} leaves for connections (about ${fits}): ` +
        `at that many the Portal runs out of file descriptors. Raise the limit (ulimit -n, LimitNOFILE=) or lower maxConnections.`,
    };
  }
  return { maxConnections: setting, warning: null };
}
