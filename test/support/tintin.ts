/**
 * Test support: drive the real TinTin++ client. It needs a terminal, so it runs inside a tmux
 * session on a private tmux socket; it logs what it shows to a plain-text file the test reads.
 * `TINTIN_AVAILABLE` is false (and the caller skips, visibly) without tt++ or tmux.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from './game-process.ts';
import { startInTmux, TMUX_AVAILABLE } from './tmux.ts';

const TT = ['/usr/games/tt++', '/usr/bin/tt++'].find((p) => existsSync(p));
export const TINTIN_AVAILABLE = TT !== undefined && TMUX_AVAILABLE;

export interface TinTinRun {
  /** The session log file (what the player saw). */
  log: string;
  /** A second file for script output (e.g. GMCP events logged with #line log). */
  events: string;
  /** Wait until the session log contains `needle` (after offset `from`); resolves with the whole log. */
  waitForLog(needle: string, timeoutMs?: number, from?: number): Promise<string>;
  /** The session log so far (its length marks where later output starts). */
  logText(): string;
  /**
   * Type a line into TinTin++ as a player would (tmux send-keys), then Enter. TinTin++ reads
   * `;` as a command separator and `#` as its own commands, so keep both out of `line`.
   */
  type(line: string): void;
  /** Stop the tmux server (and TinTin++ with it). */
  stop(): void;
}

/**
 * Start TinTin++ against 127.0.0.1:`port`. `before` lines run before `#session` (event
 * handlers); `after` lines run in the session (`#delay {1} {#send {info}}`…); `{EVENTS}` in any
 * line is replaced by the events file. Logging is set up.
 */
export function runTinTin(port: number, lines: { before?: string[]; after: string[] }): TinTinRun {
  const dir = mkdtempSync(join(tmpdir(), 'waystone-tt-'));
  const log = join(dir, 'session.log');
  const events = join(dir, 'events.log');
  const script = join(dir, 'play.tin');
  const scriptLines = [
    ...(lines.before ?? []),
    `#session {game} {127.0.0.1} {${port}}`,
    '#config {log} {plain}',
    `#log {overwrite} {${log}}`,
    ...lines.after,
    '',
  ];
  // `{EVENTS}` in a line stands for the events file, whose path is made here.
  writeFileSync(script, scriptLines.join('\n').replaceAll('{EVENTS}', `{${events}}`));
  const pane = startInTmux('tt', `${TT} ${script}`);
  const logText = (): string => (existsSync(log) ? readFileSync(log, 'utf8') : '');
  return {
    log,
    events,
    waitForLog: (needle, timeoutMs = 20_000, from = 0) =>
      waitUntil(
        `TinTin++ to log ${JSON.stringify(needle)}`,
        () => {
          const text = logText();
          return text.slice(from).includes(needle) ? text : null;
        },
        timeoutMs,
      ).catch((err: unknown) => {
        throw new Error(`${(err as Error).message}; the log so far:\n${logText()}`);
      }),
    logText,
    type: pane.type,
    stop: pane.stop,
  };
}
