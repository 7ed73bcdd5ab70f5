import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { StopMode } from '../link/messages.ts';
import { CRASH_NOTICE, DOWN_NOTICE, RESTARTED_NOTICE, ServerSupervisor } from './supervisor.ts';

/** A Server process as the supervisor sees it: IPC messages, go, kill and exit. */
class FakeServer extends EventEmitter {
  static nextPid = 1000;
  readonly pid = FakeServer.nextPid++;
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly sent: unknown[] = [];
  send(msg: unknown): boolean {
    this.sent.push(msg);
    return true;
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.exit(null, signal);
    return true;
  }
  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (this.exitCode !== null || this.signalCode !== null) return;
    this.exitCode = code;
    this.signalCode = signal;
    queueMicrotask(() => this.emit('exit', code, signal));
  }
  /** Told to go, with a link token to prove. */
  get wentOn(): boolean {
    return this.sent.some(
      (m) =>
        (m as { t?: string; token?: string }).t === 'go' &&
        typeof (m as { token?: string }).token === 'string',
    );
  }
}

type Behaviour = 'loads' | { fails: string };

function harness(behaviours: Behaviour[], maxStartFailures = 3) {
  const spawned: FakeServer[] = [];
  const announced: string[] = [];
  const stopsAsked: StopMode[] = [];
  const queue = [...behaviours];
  let last = queue.at(-1)!;
  const supervisor = new ServerSupervisor({
    spawnServer: () => {
      const child = new FakeServer();
      spawned.push(child);
      // Each spawn takes the next behaviour; the last one repeats.
      const behaviour = queue.shift() ?? last;
      setTimeout(() => {
        if (behaviour === 'loads') child.emit('message', { t: 'loaded' });
        else {
          child.emit('message', { t: 'failed', code: 'GAME_CODE', text: behaviour.fails });
          child.exit(1);
        }
      }, 1);
      return child as unknown as ChildProcess;
    },
    requestStop: (mode) => {
      stopsAsked.push(mode);
      // The linked Server stops as asked.
      const serving = spawned.find((c) => c.wentOn && c.exitCode === null && !c.signalCode);
      if (!serving) return false;
      supervisor.markStopping(mode);
      serving.exit(0);
      return true;
    },
    announce: (text) => announced.push(text),
    log: pino({ level: 'silent' }),
    startTimeoutMs: 2000,
    restartDelayMs: 5,
    restartMaxDelayMs: 20,
    maxStartFailures,
  });
  /** The Server that was told to go links and says it is ready. */
  const readyWhenGone = async (): Promise<void> => {
    for (let i = 0; i < 200; i++) {
      const child = spawned.at(-1);
      if (child?.wentOn) {
        supervisor.markReady();
        return;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    throw new Error('no Server was told to go');
  };
  /** From now on, every new Server behaves like this (the game's code was fixed, say). */
  const from = (behaviour: Behaviour): void => {
    queue.length = 0;
    last = behaviour;
  };
  return { supervisor, spawned, announced, stopsAsked, readyWhenGone, from };
}

const until = async (what: string, check: () => boolean): Promise<void> => {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('ServerSupervisor', () => {
  it('starts a Server only after it has loaded, and counts it running once it is ready', async () => {
    const h = harness(['loads']);
    const started = h.supervisor.start();
    await h.readyWhenGone();
    await started;
    expect(h.supervisor.state).toBe('running');
    expect(h.supervisor.pid).toBe(h.spawned[0]!.pid);
    expect(h.announced).toEqual([]);
    // The token it was handed is the one a linking Server must prove.
    const go = h.spawned[0]!.sent.find((m) => (m as { t?: string }).t === 'go') as {
      token: string;
    };
    expect(h.supervisor.childToken).toBe(go.token);
  });

  it('a reload whose next Server fails to load leaves the old one serving, and tells no one', async () => {
    const h = harness(['loads', { fails: 'commands/wave.ts:30:6: Expected ")"' }]);
    const started = h.supervisor.start();
    await h.readyWhenGone();
    await started;
    const old = h.spawned[0]!;

    await expect(h.supervisor.stop('reload', 'test')).rejects.toThrow(
      'commands/wave.ts:30:6: Expected ")"',
    );
    expect(h.stopsAsked).toEqual([]);
    expect(old.exitCode).toBeNull();
    expect(h.supervisor.state).toBe('running');
    expect(h.supervisor.pid).toBe(old.pid);
    expect(h.supervisor.lastError).toBe('commands/wave.ts:30:6: Expected ")"');
    expect(h.announced).toEqual([]);
  });

  it('a reload that loads stops the old Server, then lets the new one go', async () => {
    const h = harness(['loads']);
    const started = h.supervisor.start();
    await h.readyWhenGone();
    await started;
    const reloaded = h.supervisor.stop('reload', 'test');
    await until('the old Server to be asked to stop', () => h.stopsAsked.length === 1);
    await h.readyWhenGone();
    await reloaded;
    expect(h.spawned).toHaveLength(2);
    expect(h.spawned[0]!.exitCode).toBe(0);
    expect(h.supervisor.pid).toBe(h.spawned[1]!.pid);
    expect(h.announced).toEqual([RESTARTED_NOTICE]);
  });

  it('after a crash, failing starts are retried up to the bound, then it is down; players are told once each', async () => {
    const h = harness(['loads', { fails: 'world/build.ts:3:1: boom' }], 3);
    const started = h.supervisor.start();
    await h.readyWhenGone();
    await started;
    h.spawned[0]!.exit(null, 'SIGKILL');

    await until('the Server to be down', () => h.supervisor.state === 'down');
    // The crash counts as the first failure; two failed starts make three.
    expect(h.spawned).toHaveLength(3);
    expect(h.announced).toEqual([CRASH_NOTICE, DOWN_NOTICE]);
    expect(h.supervisor.lastError).toBe('world/build.ts:3:1: boom');
    await new Promise((r) => setTimeout(r, 60));
    expect(h.spawned).toHaveLength(3); // no more attempts while down
  });

  it('a reload brings a down Server back; a failed one leaves it down', async () => {
    const h = harness([{ fails: 'game.ts:1:1: nope' }], 2);
    const started = h.supervisor.start();
    await expect(started).rejects.toThrow('game.ts:1:1: nope');
    expect(h.supervisor.state).toBe('down');

    await expect(h.supervisor.stop('reload', 'still broken')).rejects.toThrow('nope');
    expect(h.supervisor.state).toBe('down');

    h.from('loads');
    const reloaded = h.supervisor.stop('reload', 'fixed');
    await h.readyWhenGone();
    await reloaded;
    expect(h.supervisor.state).toBe('running');
    expect(h.supervisor.lastError).toBeNull();
    expect(h.announced.at(-1)).toBe(RESTARTED_NOTICE);
  });
});
