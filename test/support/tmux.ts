/**
 * Test support: a terminal program (a real MUD client, Debian's telnet) in a 120×40 tmux pane
 * on a private tmux server, with no user configuration, typed into as a player would.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const TMUX_AVAILABLE = spawnSync('tmux', ['-V']).status === 0;

export interface TmuxPane {
  /** What the pane shows, scrollback included. */
  screen(): string;
  /** Types `line` literally (no key names), then Enter. */
  type(line: string): void;
  /** Stops the private tmux server, and the program with it. */
  stop(): void;
}

/** Starts `command` in its own pane; `keepOnExit` leaves the pane readable after it exits. */
export function startInTmux(
  label: string,
  command: string,
  options: { keepOnExit?: boolean } = {},
): TmuxPane {
  const socketName = `waystone-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-L', socketName, ...args], { encoding: 'utf8' });
  const start = ['-f', '/dev/null', 'new-session', '-d', '-s', 'play', '-x', '120', '-y', '40'];
  tmux(
    ...start,
    command,
    ...(options.keepOnExit ? [';', 'set-option', '-t', 'play', 'remain-on-exit', 'on'] : []),
  );
  return {
    screen: () => tmux('capture-pane', '-p', '-t', 'play', '-S', '-').trimEnd(),
    type: (line) => {
      tmux('send-keys', '-t', 'play', '-l', line);
      tmux('send-keys', '-t', 'play', 'Enter');
    },
    stop: () => void spawnSync('tmux', ['-L', socketName, 'kill-server']),
  };
}
