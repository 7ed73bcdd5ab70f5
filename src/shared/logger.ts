/**
 * Logging with pino: human-readable when a person watches a terminal, JSON lines otherwise
 * (detached processes write to log files that tools can parse). One logger per process,
 * built by its composition root and passed down; children add context with `.child()`.
 */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export function createLogger(
  name: string,
  level: string,
  stream: NodeJS.WritableStream = process.stdout,
): Logger {
  const isTty = (stream as { isTTY?: boolean }).isTTY === true;
  if (isTty) {
    return pino(
      { name, level },
      pretty({
        colorize: true,
        translateTime: 'HH:MM:ss.l',
        ignore: 'pid,hostname',
        sync: true,
        destination: stream,
      }),
    );
  }
  return pino(
    { name, level, base: { pid: process.pid } },
    pino.destination({ dest: 1, sync: true }),
  );
}
