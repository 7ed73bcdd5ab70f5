/**
 * What keeps time in the world, put together once: scripts, tickers and delays on one
 * TimerQueue, writing through the ObjectManager's write scopes (so a firing commits with the
 * world changes it makes) and running each firing as one unit of game work. The Server and the
 * WorldTestKit both build it here, so a game's tests run the same machinery as the game.
 */
import type { Logger } from 'pino';
import type { DefaultObject } from '../objects/object.ts';
import type { ObjectManager } from '../objects/object-manager.ts';
import type { Storage } from '../storage/types.ts';
import type { TimerQueue } from '../timing/timer-queue.ts';
import { Delays } from './delays.ts';
import { ObjectScripts } from './object-scripts.ts';
import { ScriptManager, type GameWork } from './script-manager.ts';
import type { ScriptRegistry } from './script-registry.ts';
import { Tickers } from './tickers.ts';

export interface TimekeepingOptions {
  storage: Storage;
  objects: ObjectManager;
  queue: TimerQueue;
  registry: ScriptRegistry;
  run: GameWork;
  log: Logger;
}

export interface Timekeeping {
  readonly scripts: ScriptManager;
  readonly tickers: Tickers;
  readonly delays: Delays;
  /** Everything stored back, after the world is loaded (overdue timers fire at once). */
  load(): Promise<void>;
}

export function createTimekeeping(opts: TimekeepingOptions): Timekeeping {
  const { objects } = opts;
  const common = {
    storage: opts.storage,
    writes: objects,
    objectById: (id: number) => objects.cached(id),
    queue: opts.queue,
    run: opts.run,
    log: opts.log,
  };
  const scripts = new ScriptManager({ ...common, registry: opts.registry });
  const tickers = new Tickers(common);
  const delays = new Delays(common);
  objects.useTimekeeping({
    scriptsOf: (obj: DefaultObject) => new ObjectScripts(scripts, obj),
    objectDeleted: async (obj: DefaultObject) => {
      tickers.objectDeleted(obj);
      delays.objectDeleted(obj);
      await scripts.objectDeleted(obj);
    },
  });
  return {
    scripts,
    tickers,
    delays,
    async load() {
      const loaded = await scripts.load();
      const ticking = await tickers.load();
      const waiting = await delays.load();
      opts.log.info({ scripts: loaded, tickers: ticking, delays: waiting }, 'timers loaded');
    },
  };
}
