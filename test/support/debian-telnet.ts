/**
 * Test support: drive the system's `telnet` client (on Debian, inetutils-telnet; netkit on
 * older releases) as a player at a terminal would. It needs a terminal, whose echo and line
 * editing are exactly what is under test, so it runs inside a tmux session on a private tmux
 * socket; keys go in with `send-keys` and the screen comes back with `capture-pane`.
 * `DEBIAN_TELNET_AVAILABLE` is false (and the caller skips, visibly) without telnet or tmux.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { waitUntil } from './game-process.ts';
import { startInTmux, TMUX_AVAILABLE } from './tmux.ts';

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

export const DEBIAN_TELNET_AVAILABLE = onPath('telnet') && TMUX_AVAILABLE;

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
  // The pane stays readable after telnet exits.
  const pane = startInTmux('telnet', `telnet 127.0.0.1 ${port}`, { keepOnExit: true });
  const { screen } = pane;
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
    type: pane.type,
    stop: pane.stop,
  };
}
