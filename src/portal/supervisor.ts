/**
 * Starts, watches and restarts the Server process (REFERENCE.md §3).
 *
 * Every Server starts in two steps (src/shared/server-start-ipc.ts): it *loads* — the config,
 * the game's code and its setup — and says `loaded` (or `failed`, with the error), then waits
 * for `go` before it opens the database and links. That makes a reload transactional:
 *
 *   reload/reset   load the next Server while the old one serves
 *                  ├─ it failed: the old Server serves on, nobody is told anything, and the
 *                  │  caller gets the error (`file:line:column: message`)
 *                  └─ loaded: the old Server stops, the new one gets its go, players see
 *                     "Server restart initiated ..." then "... Server restarted."
 *   crash          an exit nobody asked for: players are told once; the Server is restarted
 *                  after a delay that doubles while it keeps failing
 *   start failure  a Server that fails to load, or exits before it is ready, counts toward
 *                  `maxStartFailures`; past it the Server is `down`: players are told once
 *                  that the game is down and they stay connected, status shows the error,
 *                  and the next reload (after a fix) brings it back
 *
 * Transitions (start, stop, reload) run one at a time, in the order asked.
 */
import type { ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';
import type { ServerState, StopMode } from '../link/messages.ts';
import { asErrorCode, WaystoneError } from '../shared/errors.ts';
import { randomBytes } from 'node:crypto';
import { serverStartMessageSchema, type GoMessage } from '../shared/server-start-ipc.ts';

export interface SupervisorOptions {
  /** Start a Server process with an IPC channel; it loads, says so, and waits for its go. */
  spawnServer: () => ChildProcess;
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
  /** Start failures (or quick crashes) in a row after which the Server is left down. */
  maxStartFailures: number;
}

/** A Server that ran at least this long before crashing resets the restart delay and count. */
const STABLE_AFTER_MS = 60_000;
/** How long a Server asked to stop may take before it is killed. */
const STOP_TIMEOUT_MS = 15_000;

export const RESTARTED_NOTICE = '... Server restarted.';
export const CRASH_NOTICE =
  'The game server stopped unexpectedly and is restarting. You stay connected; please wait.';
export const DOWN_NOTICE =
  'The game server could not be restarted and is down until an administrator fixes it. ' +
  'You stay connected; the game comes back here as soon as it is fixed.';

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
  /** Why the last Server that tried to start did not; cleared when one becomes ready. */
  lastError: string | null = null;

  /** The Server that was told to go (starting or serving). */
  private child: ChildProcess | null = null;
  /** The link token of `child`: proof that a linking Server is the process the Portal started. */
  private token: string | null = null;
  /** A Server loading its code, not yet told to go. */
  private loading: ChildProcess | null = null;
  private readyAt: number | null = null;
  /** What the current child said went wrong, if it failed after its go. */
  private childFailure: string | null = null;
  /** Set when an exit is wanted; the mode says what follows it. */
  private expectedExit: StopMode | null = null;
  private readyWaiters: Waiter[] = [];
  private exitWaiters: Array<() => void> = [];
  private readyTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private nextRestartDelay: number;
  /** Start failures and quick crashes in a row. */
  private failures = 0;
  /** Players were told the game stopped; they hear when it is back. */
  private outage = false;
  /** Why the next Server is starting, for the notice once it is ready. */
  private startCause: 'boot' | 'reload' | 'reset' | 'crash' = 'boot';
  private shuttingDown = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: SupervisorOptions) {
    this.nextRestartDelay = opts.restartDelayMs;
  }

  /** The pid a linking Server must have: the Portal only accepts the process it started. */
  get childPid(): number | null {
    return this.child?.pid ?? null;
  }

  /** The one-time link token handed to the Server that was told to go; null when none runs. */
  get childToken(): string | null {
    return this.child === null ? null : this.token;
  }

  /** Start a Server (if none runs) and wait until it serves, or until it is given up as down. */
  start(): Promise<void> {
    if (this.state === 'running') return Promise.resolve();
    const ready = this.waitReady();
    void this.serialize(async () => {
      if (this.child !== null || this.restartTimer !== null) return;
      this.startCause = 'boot';
      await this.attempt();
    });
    return ready;
  }

  /** Called by the link when the Server has rebuilt its sessions. */
  markReady(): void {
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.readyTimer = null;
    if (this.child === null) return;
    this.state = 'running';
    this.readyAt ??= Date.now();
    this.lastError = null;
    if (this.startCause !== 'boot' || this.outage) this.opts.announce(RESTARTED_NOTICE);
    this.outage = false;
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
   * Stop the Server. Reload and reset first load the next Server — if that fails, the running
   * one is left serving and this rejects with the reason — and resolve once the new one
   * serves; shutdown resolves once the Server has exited.
   */
  stop(mode: StopMode, reason: string): Promise<void> {
    return this.serialize(async () => {
      if (mode === 'shutdown') {
        this.clearRestart();
        await this.stopChild(mode, reason);
        this.state = 'stopped';
        return;
      }
      const wasRestarting = this.clearRestart();
      const stateBefore = this.state;
      let next: ChildProcess;
      try {
        next = await this.load();
      } catch (err) {
        // Nothing changed: a serving Server serves on, a crashed one keeps being retried, and
        // one that is down stays down.
        this.lastError = (err as Error).message;
        if (wasRestarting) this.scheduleRestart();
        else if (this.child === null) this.state = stateBefore;
        throw err;
      }
      const ready = this.waitReady();
      await this.stopChild(mode, reason);
      this.startCause = mode;
      this.go(next);
      await ready;
    });
  }

  /** The Portal is going away: stop the Server and never restart it. */
  async shutdown(reason: string): Promise<void> {
    this.shuttingDown = true;
    this.clearRestart();
    this.loading?.kill('SIGTERM');
    await this.stop('shutdown', reason);
    for (const w of this.readyWaiters.splice(0))
      w.reject(new WaystoneError('NOT_RUNNING', 'the Portal is shutting down'));
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private waitReady(): Promise<void> {
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  private clearRestart(): boolean {
    if (this.restartTimer === null) return false;
    clearTimeout(this.restartTimer);
    this.restartTimer = null;
    return true;
  }

  /** Ask the serving Server to stop and wait until it has exited (killing it if it hangs). */
  private async stopChild(mode: StopMode, reason: string): Promise<void> {
    const child = this.child;
    if (child === null) return;
    this.expectedExit = mode;
    this.state = 'stopping';
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    if (!this.opts.requestStop(mode, reason)) child.kill('SIGTERM');
    const killer = setTimeout(() => {
      this.opts.log.warn({ serverPid: child.pid }, 'Server did not stop in time; killing it');
      child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
  }

  /**
   * Spawn a Server and wait (bounded) until it has loaded the config and the game's code and
   * run the game's setup. Rejects with what went wrong; the process is gone by then.
   */
  private load(): Promise<ChildProcess> {
    const started = Date.now();
    let child: ChildProcess;
    try {
      child = this.opts.spawnServer();
    } catch (err) {
      return Promise.reject(
        new WaystoneError('START_FAILED', `could not start a Server: ${(err as Error).message}`),
      );
    }
    this.loading = child;
    if (this.child === null) this.state = this.startCause === 'crash' ? 'restarting' : 'starting';
    return new Promise<ChildProcess>((resolve, reject) => {
      let failure: WaystoneError | null = null;
      const done = (err: WaystoneError | null): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (this.loading === child) this.loading = null;
        if (err === null) {
          this.opts.log.info(
            { serverPid: child.pid, loadMs: Date.now() - started },
            'Server loaded the game',
          );
          resolve(child);
        } else {
          this.opts.log.error({ code: err.code }, `the Server could not start: ${err.message}`);
          reject(err);
        }
      };
      const onMessage = (raw: unknown): void => {
        const parsed = serverStartMessageSchema.safeParse(raw);
        if (!parsed.success) return;
        if (parsed.data.t === 'loaded') done(null);
        // The process exits right after; its exit settles this.
        else
          failure = new WaystoneError(
            asErrorCode(parsed.data.code, 'START_FAILED'),
            parsed.data.text,
          );
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        done(
          failure ??
            new WaystoneError(
              'START_FAILED',
              `the Server exited (${signal ? `signal ${signal}` : `code ${code}`}) before it had loaded; see logs/server.log`,
            ),
        );
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        failure = new WaystoneError(
          'START_FAILED',
          `the Server did not load the game within ${Math.round(this.opts.startTimeoutMs / 1000)} s`,
        );
      }, this.opts.startTimeoutMs);
      child.once('error', (err) => {
        failure ??= new WaystoneError('START_FAILED', `could not start a Server: ${err.message}`);
      });
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }

  /** Let a loaded Server open the world and link; it counts as starting until it is ready. */
  private go(child: ChildProcess): void {
    this.child = child;
    this.pid = child.pid ?? null;
    this.startedAt = Date.now();
    this.readyAt = null;
    this.childFailure = null;
    this.expectedExit = null;
    this.state = this.startCause === 'crash' ? 'restarting' : 'starting';
    this.opts.onServerPid?.(this.pid);
    this.opts.log.info({ serverPid: this.pid, cause: this.startCause }, 'Server starting');
    child.on('message', (raw: unknown) => {
      const parsed = serverStartMessageSchema.safeParse(raw);
      if (parsed.success && parsed.data.t === 'failed') this.childFailure = parsed.data.text;
    });
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    this.token = randomBytes(32).toString('base64url');
    child.send({ t: 'go', token: this.token } satisfies GoMessage);
    this.readyTimer = setTimeout(() => {
      this.opts.log.error(
        { serverPid: this.pid, timeoutMs: this.opts.startTimeoutMs },
        'Server did not become ready in time; killing it',
      );
      this.childFailure ??= `the Server did not become ready within ${Math.round(this.opts.startTimeoutMs / 1000)} s`;
      child.kill('SIGKILL');
    }, this.opts.startTimeoutMs);
  }

  /** Load and go; a failure counts toward the bound (see startFailed). */
  private async attempt(): Promise<void> {
    if (this.shuttingDown) return;
    let next: ChildProcess;
    try {
      next = await this.load();
    } catch (err) {
      this.startFailed((err as Error).message);
      return;
    }
    if (this.shuttingDown) {
      next.kill('SIGTERM');
      return;
    }
    this.go(next);
  }

  private scheduleRestart(): void {
    const delay = this.nextRestartDelay;
    this.nextRestartDelay = Math.min(this.nextRestartDelay * 2, this.opts.restartMaxDelayMs);
    this.state = 'restarting';
    this.startCause = 'crash';
    this.restarts += 1;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.shuttingDown || this.child !== null) return;
      void this.serialize(() => this.attempt());
    }, delay);
  }

  /** A Server did not come up (or crashed soon after it did): retry, or give up as down. */
  private startFailed(why: string): void {
    this.lastError = why;
    this.failures += 1;
    if (this.shuttingDown) return;
    if (this.failures >= this.opts.maxStartFailures) {
      this.state = 'down';
      this.opts.log.error(
        { failures: this.failures },
        `the Server failed ${this.failures} times in a row; it stays down until \`waystone reload\`: ${why}`,
      );
      // A later reload starts afresh: full retries, the first delay.
      this.failures = 0;
      this.nextRestartDelay = this.opts.restartDelayMs;
      this.opts.announce(DOWN_NOTICE);
      this.outage = true;
      for (const w of this.readyWaiters.splice(0))
        w.reject(new WaystoneError('START_FAILED', `the Server is down: ${why}`));
      return;
    }
    this.opts.log.warn(
      { failures: this.failures, restartInMs: this.nextRestartDelay },
      `the Server failed to start; retrying: ${why}`,
    );
    this.scheduleRestart();
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.readyTimer = null;
    const readyAt = this.readyAt;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    this.child = null;
    this.pid = null;
    this.readyAt = null;
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
    if (this.shuttingDown) {
      this.lastExit = `exited during shutdown (${how})`;
      return;
    }
    if (readyAt === null) {
      this.lastExit = `failed to start (${how})`;
      this.startFailed(
        this.childFailure ?? `the Server exited (${how}) before it was ready; see logs/server.log`,
      );
      return;
    }
    const ranMs = Date.now() - readyAt;
    this.lastExit = `crashed (${how})`;
    if (ranMs >= STABLE_AFTER_MS) {
      // It ran well: this is a new incident, not part of a run of failures.
      this.failures = 0;
      this.nextRestartDelay = this.opts.restartDelayMs;
    }
    this.opts.log.error({ how, ranMs }, 'Server exited unexpectedly; restarting');
    if (!this.outage) this.opts.announce(CRASH_NOTICE);
    this.outage = true;
    this.startFailed(`the Server crashed (${how}); see logs/server.log`);
  }
}
