/**
 * State computed from elapsed time when it is looked at (Evennia's OnDemandHandler): a plant
 * that grows, a wound that heals, a lantern that burns down while carried — with no timer at
 * all. Each entry is a key on an object with stages by elapsed seconds:
 *
 *   lantern.onDemand.add('flame', { stages: { 0: 'bright', 600: 'dim', 1200: 'out' } });
 *   lantern.onDemand.stage('flame');   // 'bright' now, 'dim' after ten minutes of burning
 *   lantern.onDemand.pause('flame');   // put down: it stops burning until resume('flame')
 *
 * The entry is an attribute of the object (category 'ondemand', a plain value: when its
 * clock started, the time it ran before, the stages), so it survives reloads and restarts, and
 * it is read through the world's clock, so a test moves it with the WorldTestKit's `advance`.
 * Time counts in real seconds, and real time while the game is down counts too (a plant grows
 * overnight); for game time, give stages in `gameTime.realSecondsPer(...)` units.
 *
 * Nothing runs when a stage is reached: no callback is stored (no closures are). A game reacts
 * when it reads the stage — in `look`, in the command that uses the thing, in a script's tick.
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { AttributeHandler } from '../objects/attribute-handler.ts';
import type { AttributeValue } from '../storage/types.ts';

/** The attribute category the entries are kept in. */
export const ON_DEMAND_CATEGORY = 'ondemand';

/** At most this many stages per entry: an entry is read whole on every look. */
export const MAX_STAGES = 100;

export interface OnDemandOptions {
  /**
   * Seconds of elapsed (un-paused) time → the stage from then on. One stage is at 0: the
   * stage it starts in.
   */
  stages: Readonly<Record<number, string>>;
  /** Start as if this many seconds had already passed (default 0). */
  elapsed?: number;
  /** Start paused: the clock runs from `resume` (a lantern lit on the ground). */
  paused?: boolean;
}

/** One entry, as stored. */
interface Entry {
  /** Milliseconds it ran before `since`. */
  ran: number;
  /** Clock ms it has been running since; null while paused. */
  since: number | null;
  /** [seconds, stage], by seconds. */
  stages: Array<[number, string]>;
}

export class OnDemandHandler {
  constructor(
    private readonly attributes: AttributeHandler,
    /** The world clock's now (ms). */
    private readonly now: () => number,
    /** Names the owner in errors ("#12"). */
    private readonly owner: string,
  ) {}

  /** Starts (or starts again) the entry `key`. */
  add(key: string, options: OnDemandOptions): void {
    checkKey(key);
    const stages = parseStages(key, options.stages);
    const elapsed = options.elapsed ?? 0;
    if (!(elapsed >= 0) || !Number.isFinite(elapsed)) {
      throw new WaystoneError(
        'TIME_INVALID',
        `On-demand '${key}': elapsed is seconds, 0 or more; not ${elapsed}.`,
      );
    }
    this.#write(key, {
      ran: elapsed * 1000,
      since: options.paused === true ? null : this.now(),
      stages,
    });
  }

  has(key: string): boolean {
    return this.attributes.has(key, ON_DEMAND_CATEGORY);
  }

  /** The keys of every entry. */
  keys(): string[] {
    return this.attributes.names(ON_DEMAND_CATEGORY);
  }

  /** The stage now: the one with the most seconds not past the elapsed time; undefined without the entry. */
  stage(key: string): string | undefined {
    const entry = this.#read(key);
    if (entry === undefined) return undefined;
    const elapsed = this.#elapsedMs(entry) / 1000;
    let current = entry.stages[0]?.[1];
    for (const [seconds, name] of entry.stages) {
      if (seconds > elapsed) break;
      current = name;
    }
    return current;
  }

  /** Seconds it has run (paused time does not count); undefined without the entry. */
  elapsed(key: string): number | undefined {
    const entry = this.#read(key);
    return entry === undefined ? undefined : this.#elapsedMs(entry) / 1000;
  }

  /** Paused (true), running (false), or undefined without the entry. */
  isPaused(key: string): boolean | undefined {
    const entry = this.#read(key);
    return entry === undefined ? undefined : entry.since === null;
  }

  /** Stop its clock (already paused: nothing changes). */
  pause(key: string): void {
    const entry = this.#need(key, 'pause');
    if (entry.since === null) return;
    this.#write(key, { ...entry, ran: this.#elapsedMs(entry), since: null });
  }

  /** Start its clock again from where it stopped (already running: nothing changes). */
  resume(key: string): void {
    const entry = this.#need(key, 'resume');
    if (entry.since !== null) return;
    this.#write(key, { ...entry, since: this.now() });
  }

  /** False when there was no such entry. */
  remove(key: string): boolean {
    return this.attributes.delete(key, ON_DEMAND_CATEGORY);
  }

  #elapsedMs(entry: Entry): number {
    // A clock set back (the host's time corrected) never makes time run backwards.
    return entry.ran + (entry.since === null ? 0 : Math.max(0, this.now() - entry.since));
  }

  #need(key: string, what: string): Entry {
    const entry = this.#read(key);
    if (entry === undefined) {
      throw new WaystoneError(
        'TIME_INVALID',
        `Cannot ${what} '${key}' on ${this.owner}: it has no on-demand state of that name.`,
      );
    }
    return entry;
  }

  #write(key: string, entry: Entry): void {
    const value: AttributeValue = { ran: entry.ran, since: entry.since, stages: entry.stages };
    this.attributes.set(key, value, ON_DEMAND_CATEGORY);
  }

  #read(key: string): Entry | undefined {
    const value = this.attributes.get(key, ON_DEMAND_CATEGORY);
    if (value === undefined) return undefined;
    const entry = asEntry(value);
    if (entry === null) {
      throw new WaystoneError(
        'STORAGE_CORRUPT_VALUE',
        `The on-demand state '${key}' of ${this.owner} does not read as one (edited by hand?).`,
      );
    }
    return entry;
  }
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.trim() === '' || key.length > 80) {
    throw new WaystoneError(
      'TIME_INVALID',
      `An on-demand key is a name of 1 to 80 characters, not ${JSON.stringify(key)}.`,
    );
  }
}

function parseStages(
  key: string,
  stages: Readonly<Record<number, string>>,
): Array<[number, string]> {
  const bad = (why: string): never => {
    throw new WaystoneError('TIME_INVALID', `On-demand '${key}': ${why}`);
  };
  if (typeof stages !== 'object' || stages === null) bad('stages are seconds → stage names.');
  const entries = Object.entries(stages);
  if (entries.length > MAX_STAGES) bad(`at most ${MAX_STAGES} stages, not ${entries.length}.`);
  const parsed = entries.map(([at, name]): [number, string] => {
    const seconds = Number(at);
    if (at.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
      bad(`a stage starts at seconds, 0 or more; not '${at}'.`);
    }
    if (typeof name !== 'string' || name === '') bad(`the stage at ${at} needs a name.`);
    return [seconds, name];
  });
  parsed.sort((a, b) => a[0] - b[0]);
  if (parsed[0]?.[0] !== 0) bad('one stage starts at 0 (the stage it starts in).');
  return parsed;
}

/** A stored value as an entry, or null if it is not one. */
function asEntry(value: AttributeValue): Entry | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  if (value instanceof Date || '$ref' in value) return null;
  const { ran, since, stages } = value;
  if (typeof ran !== 'number' || !(since === null || typeof since === 'number')) return null;
  if (!Array.isArray(stages) || stages.length === 0) return null;
  const out: Array<[number, string]> = [];
  for (const s of stages) {
    if (!Array.isArray(s) || typeof s[0] !== 'number' || typeof s[1] !== 'string') return null;
    out.push([s[0], s[1]]);
  }
  return { ran, since, stages: out };
}
