/**
 * Logging with pino: human-readable when a person watches a terminal, JSON lines otherwise
 * (detached processes write to log files that tools can parse). One logger per process,
 * built by its composition root and passed down; children add context with `.child()`.
 *
 * In a terminal every entry is one line (an error's stack still follows it). Entries that
 * carry an `activity` field (a stable name such as 'connected' or 'logged in', for tools and
 * tests) have a message written to say everything a person needs, e.g.
 * `+ #3 telnet 127.0.0.1 connected`: the terminal shows only that message, the JSON line keeps
 * every field.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger };

/** The fields a terminal shows of an `activity` entry besides its message. */
const ACTIVITY_SHOWN = ['level', 'time', 'name', 'msg', 'err'] as const;

export function createLogger(
  name: string,
  level: string,
  stream: NodeJS.WritableStream = process.stdout,
): Logger {
  const isTty = (stream as { isTTY?: boolean }).isTTY === true;
  if (isTty) return pino({ name, level }, terminalDestination(stream));
  return pino(
    { name, level, base: { pid: process.pid } },
    pino.destination({ dest: 1, sync: true }),
  );
}

/** Writes pino's JSON lines to a terminal as pretty single lines, synchronously. */
function terminalDestination(stream: NodeJS.WritableStream): DestinationStream {
  const prettify = prettyFactory({
    colorize: true,
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  });
  return {
    write(line: string): void {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        stream.write(line); // not pino's (it always writes JSON): shown as it is
        return;
      }
      stream.write(prettify(typeof entry['activity'] === 'string' ? briefOf(entry) : entry));
    },
  };
}

function briefOf(entry: Record<string, unknown>): Record<string, unknown> {
  const brief: Record<string, unknown> = {};
  for (const key of ACTIVITY_SHOWN) if (key in entry) brief[key] = entry[key];
  return brief;
}
