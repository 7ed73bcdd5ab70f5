/**
 * Test-only: a world with timekeeping on a virtual clock, on a SQLite file that a "restart"
 * opens again — a new ObjectManager, queue and timekeeping over the same database, the clock
 * moved on by the downtime — so tests see what a reload or a crash leaves behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { objectManager } from '../objects/test-support.ts';
import type { ObjectManager } from '../objects/object-manager.ts';
import { TypeclassRegistry } from '../objects/typeclass-registry.ts';
import type { ObjectClass } from '../objects/object.ts';
import { openStorage } from '../storage/open-storage.ts';
import type { Storage } from '../storage/types.ts';
import { TimerQueue } from '../timing/timer-queue.ts';
import { VirtualClock } from '../timing/virtual-clock.ts';
import { ScriptRegistry } from './script-registry.ts';
import type { ScriptClass } from './script.ts';
import { createTimekeeping, type Timekeeping } from './timekeeping.ts';

export interface LogLine {
  level: number;
  msg: string;
  code?: string;
}

export class TimeWorld {
  readonly clock: VirtualClock;
  readonly logLines: LogLine[] = [];
  storage!: Storage;
  objects!: ObjectManager;
  queue!: TimerQueue;
  time!: Timekeeping;
  readonly scriptClasses = new ScriptRegistry();
  readonly typeclasses = new TypeclassRegistry();
  readonly #dir = mkdtempSync(join(tmpdir(), 'waystone-timers-'));
  readonly #log: Logger;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.clock = new VirtualClock(start);
    this.#log = pino(
      { level: 'debug' },
      { write: (line: string) => void this.logLines.push(JSON.parse(line) as LogLine) },
    );
  }

  register(
    scripts: Record<string, ScriptClass>,
    typeclasses: Record<string, ObjectClass> = {},
  ): this {
    for (const [name, cls] of Object.entries(scripts)) this.scriptClasses.register(name, cls);
    for (const [name, cls] of Object.entries(typeclasses)) this.typeclasses.register(name, cls);
    return this;
  }

  /** Opens the world (the first time), or opens it again after `stop` (a restart). */
  async start(): Promise<this> {
    this.storage = await openStorage({
      gameDir: this.#dir,
      databaseUrl: '',
      databaseFile: 'w.sqlite3',
      log: this.#log,
    });
    this.objects = objectManager(this.storage, {
      clock: this.clock,
      typeclasses: this.typeclasses,
    });
    await this.objects.loadAll();
    this.queue = new TimerQueue(this.clock, (err, label) =>
      this.#log.error({ err }, `timer ${label}`),
    );
    const objects = this.objects;
    this.time = createTimekeeping({
      storage: this.storage,
      objects,
      queue: this.queue,
      registry: this.scriptClasses,
      run: (fn) => objects.batch(fn),
      log: this.#log,
    });
    await this.time.load();
    return this;
  }

  /** A clean stop: what is in memory is stored, timers stop, the database closes. */
  async stop(): Promise<void> {
    this.queue.stop();
    await this.objects.flush();
    await this.storage.close();
  }

  /** Moves the clock, runs what falls due, stores it. */
  async advance(ms: number): Promise<void> {
    await this.clock.advance(ms);
    await this.objects.flush();
  }

  /** Stops, lets `downtimeMs` pass, and starts again on the same database. */
  async restart(downtimeMs = 0): Promise<void> {
    await this.stop();
    await this.clock.advance(downtimeMs);
    await this.start();
  }

  errors(code?: string): LogLine[] {
    return this.logLines.filter((l) => l.level >= 50 && (code === undefined || l.code === code));
  }

  async close(): Promise<void> {
    this.queue.stop();
    await this.objects.flush().catch(() => undefined);
    await this.storage.close().catch(() => undefined);
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
