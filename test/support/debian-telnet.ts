/**
 * Test support: drive the system's `telnet` client (on Debian, inetutils-telnet; netkit on
 * older releases) as a player at a terminal would. It needs a terminal, whose echo and line
 * editing are exactly what is under test, so it runs inside a tmux session on a private tmux
 * socket; keys go in with `send-keys` and the screen comes back with `capture-pane`.
 * `DEBIAN_TELNET_AVAILABLE` is false (and the caller skips, visibly) without telnet or tmux.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { waitUntil } from './game-process.ts';

function onPath(program: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export const DEBIAN_TELNET_AVAILABLE = onPath('telnet') && spawnSync('tmux', ['-V']).status === 0;

export interface DebianTelnet {
  /** What the terminal shows, scrollback included, without trailing blank lines. */
  screen(): string;
  /** Waits until `check` holds for the screen; resolves with the screen. */
  waitForScreen(
    what: string,
    check: (screen: string) => boolean,
    timeoutMs?: number,
  ): Promise<string>;
  /** Types `line` as a player would, then Enter. */
  type(line: string): void;
  /** Stops the tmux server, and telnet with it. */
  stop(): void;
}

/** Runs `telnet 127.0.0.1 <port>` in a 120×40 terminal of its own. */
export function runDebianTelnet(port: number): DebianTelnet {
  const socketName = `waystone-telnet-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-L', socketName, ...args], { encoding: 'utf8' });
  // No user configuration; the pane stays readable after telnet exits (remain-on-exit).
  execFileSync('tmux', [
    '-L',
    socketName,
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-s',
    'play',
    '-x',
    '120',
    '-y',
    '40',
    `telnet 127.0.0.1 ${port}`,
    ';',
    'set-option',
    '-t',
    'play',
    'remain-on-exit',
    'on',
  ]);
  const screen = (): string => tmux('capture-pane', '-p', '-t', 'play', '-S', '-').trimEnd();
  return {
    screen,
    waitForScreen: (what, check, timeoutMs = 15_000) =>
      waitUntil(
        what,
        () => {
          const now = screen();
          return check(now) ? now : null;
        },
        timeoutMs,
      ).catch((err: unknown) => {
        throw new Error(`${(err as Error).message}; the screen:\n${screen()}`);
      }),
    type: (line) => {
      tmux('send-keys', '-t', 'play', '-l', line);
      tmux('send-keys', '-t', 'play', 'Enter');
    },
    stop: () => void spawnSync('tmux', ['-L', socketName, 'kill-server']),
  };
}
