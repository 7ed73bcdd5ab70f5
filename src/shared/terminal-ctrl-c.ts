/**
 * Ctrl-C for a process that runs in the foreground of a terminal (`waystone start
 * --foreground`, `npm start`), read as a key instead of received as a signal.
 *
 * Normally the terminal turns Ctrl-C into SIGINT for every process of the foreground job.
 * Under `npm start` that job also holds npm and the `sh -c` npm runs the script with; dash
 * (Debian's and Ubuntu's sh) dies of the signal at once, so npm ends with status 130 and gives
 * the prompt back while the game is still shutting down, and a second Ctrl-C never reaches
 * the game. With the terminal in raw mode, Ctrl-C is a byte on this process's input: no
 * signal goes to anyone, and this process alone decides what it means (then exits 0).
 *
 * The terminal stays in raw mode until the process exits, when Node puts it back as it found
 * it: a Ctrl-C pressed while the process finishes is still read here, never sent to the job.
 * The input does not keep the process alive.
 *
 * Only when this process's job owns the terminal: a background job (`npm start &`) that
 * changed the terminal's mode would be stopped by SIGTTOU. It then relies on signals.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CTRL_C = 0x03;

/** What reading needs of its input: process.stdin when it is a terminal. */
export interface TerminalInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  unref?(): unknown;
}

/**
 * Calls `onCtrlC` for each Ctrl-C typed from now until the process exits. False (nothing
 * changed) when the input is not a terminal or this process is not in its foreground job.
 */
export function readCtrlC(onCtrlC: () => void, input: TerminalInput = process.stdin): boolean {
  if (input.isTTY !== true || input.setRawMode === undefined || !inForegroundJob()) return false;
  input.setRawMode(true);
  input.on('data', (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (const byte of bytes) if (byte === CTRL_C) onCtrlC();
  });
  input.resume();
  input.unref?.();
  return true;
}

/** Whether this process's group is the terminal's foreground group. */
function inForegroundJob(): boolean {
  try {
    // proc(5): after "pid (comm) " come state, ppid, pgrp, session, tty_nr, tpgid. The command
    // name may hold spaces and parentheses, hence the last ')'.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[2] !== undefined && fields[2] === fields[5];
  } catch {
    // No /proc (macOS, the BSDs): their ps reports both.
    const ps = spawnSync('ps', ['-o', 'pgid=,tpgid=', '-p', String(process.pid)], {
      encoding: 'utf8',
    });
    const [pgid, tpgid] = (ps.stdout ?? '').trim().split(/\s+/);
    return pgid !== undefined && pgid !== '' && pgid === tpgid;
  }
}
