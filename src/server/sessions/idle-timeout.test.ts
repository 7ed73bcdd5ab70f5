import { afterEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { isWaystoneError } from '../../shared/errors.ts';
import { createLockFuncRegistry } from '../locks/builtin-lock-funcs.ts';
import type { LockSubject } from '../locks/lock-subject.ts';
import { IDLE_TIMEOUT_MESSAGE, IdleTimeout, type IdleSession } from './idle-timeout.ts';

const log = pino({ level: 'silent' });
const MINUTE = 60_000;

const account = (permissions: string[], isSuperuser = false): LockSubject => ({
  id: 1,
  permissions,
  isSuperuser,
  quelled: false,
  account: null,
});

function session(sessid: number, cmdLast: number, who: LockSubject | null): IdleSession {
  return { sessid, loggedIn: who !== null, cmdLast, account: who };
}

function setup(
  sessions: IdleSession[],
  options: { timeoutSeconds?: number; exemptLock?: string; now?: () => number } = {},
) {
  const gone: Array<[number, string]> = [];
  const idle = new IdleTimeout({
    timeoutSeconds: options.timeoutSeconds ?? 10 * 60,
    exemptLock: options.exemptLock ?? 'perm(Builder)',
    lockFuncs: createLockFuncRegistry(),
    sessions: () => sessions,
    disconnect: async (s, message) => {
      gone.push([s.sessid, message]);
    },
    log,
    now: options.now ?? (() => 100 * MINUTE),
  });
  return { idle, gone };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('IdleTimeout', () => {
  it('disconnects logged-in sessions silent for the timeout, with a goodbye', async () => {
    const { idle, gone } = setup([
      session(1, 89 * MINUTE, account(['Player'])), // 11 minutes idle
      session(2, 95 * MINUTE, account(['Player'])), // 5 minutes
      session(3, 90 * MINUTE, account(['Player'])), // exactly 10
      session(4, 0, null), // not logged in
    ]);
    expect(await idle.sweep()).toBe(2);
    expect(gone).toEqual([
      [1, IDLE_TIMEOUT_MESSAGE],
      [3, IDLE_TIMEOUT_MESSAGE],
    ]);
    expect(IDLE_TIMEOUT_MESSAGE).toBe('You have been idle too long; goodbye.');
  });

  it('spares accounts that pass the exempt lock (staff by default) and superusers', async () => {
    const sessions = [
      session(1, 0, account(['Builder'])),
      session(2, 0, account(['Admin'])),
      session(3, 0, account(['Player'], true)),
      session(4, 0, account(['Player'])),
    ];
    const byDefault = setup(sessions);
    await byDefault.idle.sweep();
    expect(byDefault.gone.map(([id]) => id)).toEqual([4]);
    const adminsOnly = setup(sessions, { exemptLock: 'perm(Admin)' });
    await adminsOnly.idle.sweep();
    expect(adminsOnly.gone.map(([id]) => id)).toEqual([1, 4]);
    const none = setup(sessions, { exemptLock: '' });
    await none.idle.sweep();
    expect(none.gone.map(([id]) => id)).toEqual([1, 2, 3, 4]);
  });

  it('is off at 0, and refuses a malformed exempt lock when built', async () => {
    const { idle, gone } = setup([session(1, 0, account(['Player']))], { timeoutSeconds: 0 });
    expect(idle.enabled).toBe(false);
    expect(await idle.sweep()).toBe(0);
    expect(gone).toEqual([]);
    let caught: unknown;
    try {
      setup([], { exemptLock: 'perm(Builder' });
    } catch (err) {
      caught = err;
    }
    expect(isWaystoneError(caught, 'LOCK_INVALID')).toBe(true);
  });

  it('sweeps on its own once started, and starts a slow logout only once', async () => {
    vi.useFakeTimers();
    const sessions = [session(1, 0, account(['Player']))];
    let finish!: () => void;
    const calls: number[] = [];
    const idle = new IdleTimeout({
      timeoutSeconds: 2,
      exemptLock: 'perm(Builder)',
      lockFuncs: createLockFuncRegistry(),
      sessions: () => sessions,
      disconnect: (s) => {
        calls.push(s.sessid);
        return new Promise<void>((resolve) => (finish = resolve));
      },
      log,
      now: () => Date.now(),
    });
    vi.setSystemTime(10_000);
    idle.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toEqual([1]);
    finish();
    idle.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([1]);
  });
});
