/**
 * Starts, watches and restarts the Server process (REFERENCE.md §3).
 *
 * The Portal owns the Server's life: `start` spawns it and resolves once it has linked and
 * rebuilt its sessions; `stop(mode)` asks it to stop over the link and, for reload and reset,
 * starts the next one. An exit nobody asked for is a crash: players are told, and the Server
 * is restarted after a delay that doubles while it keeps crashing soon after start.
 */
import type { ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';
import type { ServerState, StopMode } from '../link/messages.ts';
import { WaystoneError } from '../shared/errors.ts';

export interface SupervisorOptions {
  /**
   * Start a Server process. A `standby` one (with an IPC channel) loads its code, says
   * 'loaded', and waits for 'go' before it opens anything (see `prewarm`).
   */
  spawnServer: (options?: { standby?: boolean }) => ChildProcess;
  /** Ask the linked Server to stop; false when no Server is linked. */
  requestStop: (mode: StopMode, reason: string) => boolean;
  /** Tell every connected player something (a Portal notice). */
  announce: (text: string) => void;
  /** Called with the pid of each new Server, and null once it has exited. */
  onServerPid?: (pid: number | null) => void;
  log: Logger;
  startTimeoutMs: number;
  restartDelayMs: number;
  restartMaxDelayMs: number;
}

/** A Server that ran at least this long before crashing resets the restart delay. */
const STABLE_AFTER_MS = 60_000;
/** How long a Server asked to stop may take before it is killed. */
const STOP_TIMEOUT_MS = 15_000;

export const RESTARTED_NOTICE = '... Server restarted.';
export const CRASH_NOTICE =
  'The game server stopped unexpectedly and is restarting. You stay connected; please wait.';

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class ServerSupervisor {
  state: ServerState = 'stopped';
  pid: number | null = null;
  startedAt: number | null = null;
  restarts = 0;
  lastExit: string | null = null;

  private child: ChildProcess | null = null;
  /** The next Server, started early during a reload and waiting for its go (see prewarm). */
  private standby: ChildProcess | null = null;
  /** Set when an exit is wanted; the mode says what follows it. */
  private expectedExit: StopMode | null = null;
  private readyWaiters: Waiter[] = [];
  private exitWaiters: Array<() => void> = [];
  private startTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private nextRestartDelay: number;
  /** Why the next Server is starting, for the notice once it is ready. */
  private startCause: 'boot' | 'reload' | 'reset' | 'crash' = 'boot';
  private shuttingDown = false;

  constructor(private readonly opts: SupervisorOptions) {
    this.nextRestartDelay = opts.restartDelayMs;
  }

  /** The pid a linking Server must have: the Portal only accepts the process it started. */
  get childPid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Spawn a Server (if none runs) and wait until it is serving. */
  start(): Promise<void> {
    if (this.state === 'running') return Promise.resolve();
    const ready = this.waitReady();
    if (this.child === null) this.spawn();
    return ready;
  }

  /** Called by the link when the Server has rebuilt its sessions. */
  markReady(): void {
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    this.state = 'running';
    if (this.startCause !== 'boot') this.opts.announce(RESTARTED_NOTICE);
    this.opts.log.info({ serverPid: this.pid, cause: this.startCause }, 'Server ready');
    // A later relink of this same Server (after a link hiccup) is not a restart to announce.
    this.startCause = 'boot';
    for (const w of this.readyWaiters.splice(0)) w.resolve();
  }

  /** The Server said it is about to exit on purpose (it was asked, or game code asked). */
  markStopping(mode: StopMode): void {
    this.expectedExit ??= mode;
    this.state = 'stopping';
  }

  /**
   * Stop the Server. Reload and reset start the next one and resolve once it is serving;
   * shutdown resolves once it has exited.
   */
  async stop(mode: StopMode, reason: string): Promise<void> {
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
    }
    // The next Server loads its code while this one still serves: players wait only for the
    // hand-over (stop, open, rebuild), not for a process start.
    if (this.child !== null && mode !== 'shutdown') await this.prewarm();
    if (this.child !== null) {
      this.expectedExit = mode;
      this.state = 'stopping';

      const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
      if (!this.opts.requestStop(mode, reason)) this.child.kill('SIGTERM');
      const child = this.child;
      const killer = setTimeout(() => {
        this.opts.log.warn({ serverPid: child.pid }, 'Server did not stop in time; killing it');
        child.kill('SIGKILL');
      }, STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    }
    if (mode === 'shutdown') {
      this.state = 'stopped';
      return;
    }
    this.startCause = mode;
    await this.start();
  }

  /** The Portal is going away: stop the Server and never restart it. */
  async shutdown(reason: string): Promise<void> {
    this.shuttingDown = true;
    this.standby?.kill('SIGTERM');
    this.standby = null;
    await this.stop('shutdown', reason);
    for (const w of this.readyWaiters.splice(0))
      w.reject(new WaystoneError('NOT_RUNNING', 'the Portal is shutting down'));
  }

  private waitReady(): Promise<void> {
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /**
   * Start the next Server and wait (bounded) until it has loaded the engine's code — most of a
   * Server's start-up. The standby opens nothing (no database, no game code, no link) until it
   * is told to go, after the old one has exited. A standby that fails or dies is forgotten, and
   * a fresh Server is spawned instead.
   */
  private async prewarm(): Promise<void> {
    if (this.standby !== null) return;
    let standby: ChildProcess;
    try {
      standby = this.opts.spawnServer({ standby: true });
    } catch (err) {
      this.opts.log.warn({ err }, 'could not start a standby Server; starting one later');
      return;
    }
    this.standby = standby;
    standby.once('error', () => undefined);
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        standby.off('message', onMessage);
        standby.off('exit', onExit);
        resolve();
      };
      const onMessage = (msg: unknown): void => {
        if (msg !== 'loaded') return;
        this.opts.log.info({ standbyPid: standby.pid }, 'standby Server loaded');
        done();
      };
      const onExit = (): void => {
        if (this.standby === standby) this.standby = null;
        done();
      };
      const timer = setTimeout(() => {
        this.opts.log.warn('the standby Server did not load in time; starting a fresh one');
        standby.kill('SIGKILL');
        if (this.standby === standby) this.standby = null;
        done();
      }, this.opts.startTimeoutMs);
      standby.on('message', onMessage);
      standby.once('exit', onExit);
    });
    standby.once('exit', () => {
      if (this.standby === standby) this.standby = null;
    });
  }

  /** The standby, told to go, if one is ready; otherwise a new process. */
  private nextProcess(): ChildProcess {
    const standby = this.standby;
    this.standby = null;
    if (standby !== null && standby.exitCode === null && standby.signalCode === null) {
      standby.send('go');
      return standby;
    }
    return this.opts.spawnServer();
  }

  private spawn(): void {
    this.state = this.startCause === 'crash' ? 'restarting' : 'starting';
    const child = this.nextProcess();
    this.child = child;
    this.pid = child.pid ?? null;
    this.startedAt = Date.now();
    this.expectedExit = null;
    this.opts.onServerPid?.(this.pid);
    this.opts.log.info({ serverPid: this.pid, cause: this.startCause }, 'Server starting');
    child.once('error', (err) =>
      this.opts.log.error({ err }, 'could not start the Server process'),
    );
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    this.startTimer = setTimeout(() => {
      this.opts.log.error(
        { serverPid: this.pid, timeoutMs: this.opts.startTimeoutMs },
        'Server did not become ready in time; killing it',
      );
      this.lastExit = 'did not become ready in time';
      child.kill('SIGKILL');
    }, this.opts.startTimeoutMs);
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    const ranMs = Date.now() - (this.startedAt ?? Date.now());
    const how = signal ? `signal ${signal}` : `code ${code}`;
    this.child = null;
    this.pid = null;
    this.opts.onServerPid?.(null);
    const expected = this.expectedExit;
    this.expectedExit = null;
    for (const resolve of this.exitWaiters.splice(0)) resolve();
    if (expected !== null) {
      this.lastExit = `${expected} (${how})`;
      this.opts.log.info({ how, mode: expected }, 'Server exited as asked');
      // A full stop and the mode's follow-up are handled by whoever called stop().
      return;
    }
    this.lastExit = `crashed (${how})`;
    if (this.shuttingDown) return;
    this.restarts += 1;
    if (ranMs >= STABLE_AFTER_MS) this.nextRestartDelay = this.opts.restartDelayMs;
    const delay = this.nextRestartDelay;
    this.nextRestartDelay = Math.min(this.nextRestartDelay * 2, this.opts.restartMaxDelayMs);
    this.opts.log.error(
      { how, ranMs, restartInMs: delay },
      'Server exited unexpectedly; restarting',
    );
    this.state = 'restarting';
    this.startCause = 'crash';
    this.opts.announce(CRASH_NOTICE);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.shuttingDown && this.child === null) this.spawn();
    }, delay);
  }
}
