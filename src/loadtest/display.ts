/**
 * The live progress display: on a terminal one status line redrawn in place every second; in
 * a log or pipe, one line every few seconds (a redrawn line would be noise there).
 */
import type { Recorder, TimelinePoint } from './recorder.ts';

const PIPE_EVERY_SECONDS = 5;

function fmt(v: number | null, digits = 1): string {
  return v === null || Number.isNaN(v) ? '-' : v.toFixed(digits);
}

export function statusLine(label: string, point: TimelinePoint, r: Recorder): string {
  const parts = [
    `${label} ${point.phase.padEnd(7)} ${fmt(point.t, 0).padStart(4)}s`,
    `conn ${point.connected}`,
    `in ${point.loggedIn}`,
    `${Math.round(point.actionsPerSecond)} act/s`,
  ];
  if (point.deliveriesPerSecond > 0) parts.push(`${Math.round(point.deliveriesPerSecond)} deliv/s`);
  parts.push(`p50 ${fmt(point.p50, 2)} p99 ${fmt(point.p99, 2)} ms`);
  parts.push(`err ${r.errors}`);
  if (r.loginThrottled) parts.push(`throttled ${r.loginThrottled}`);
  parts.push(`cpu ${Math.round(point.driverCpu)}%`);
  if (point.gameRssMb !== null) parts.push(`game ${Math.round(point.gameRssMb)} MB`);
  return parts.join('  ');
}

export interface Display {
  tick(point: TimelinePoint, r: Recorder): void;
  /** End the redrawn line before other output. */
  done(): void;
}

export function createDisplay(
  label: string,
  stream: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown },
  quiet = false,
): Display {
  const tty = Boolean(stream.isTTY);
  let drawn = false;
  let seconds = 0;
  return {
    tick(point, r) {
      if (quiet) return;
      const line = statusLine(label, point, r);
      if (tty) {
        stream.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else if (seconds++ % PIPE_EVERY_SECONDS === 0) {
        stream.write(`${line}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
