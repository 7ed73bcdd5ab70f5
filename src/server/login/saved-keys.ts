/**
 * How a login throttle is kept in storage: one server-config entry per key (`<name>:<key>`,
 * e.g. `throttle:creations:203.0.113.7`), written when that key changes and deleted when it
 * goes, so a save costs the keys it changed and not every key tracked. (The whole throttle as
 * one entry, rewritten at every failed login and every new account, made each save cost every
 * address and name tracked, up to 10,000 of each.) One key still costs the events it keeps in
 * its window, at most the throttle's limit.
 */
import type { Logger } from 'pino';
import type { AttributeValue, ConfigRepository, UnitOfWork } from '../storage/types.ts';

/** A throttle as seen by its saver: Throttle and ProgressiveDelay both are one. */
export interface KeyedLimit {
  /** One key's saved state, or null when nothing is kept for it. */
  saved(key: string): object | null;
  toJSON(): { keys: ReadonlyArray<readonly [string, unknown]> };
}

export class SavedKeys {
  /** Keys changed since they were last queued for saving. */
  private readonly changed = new Set<string>();
  /** Entries to delete with the next save: the old one-entry form, keys not restored. */
  private readonly stale = new Set<string>();
  /**
   * Keys with an entry in storage (or queued to have one), so a key that came and went between
   * two saves (a login's attempt counted, then taken back) costs no delete.
   */
  private readonly stored = new Set<string>();

  /** Pass to the throttle: it calls this with each key whose saved state changed. */
  readonly onChange = (key: string): void => {
    this.changed.add(key);
  };

  constructor(readonly name: string) {}

  private entry(key: string): string {
    return `${this.name}:${key}`;
  }

  /**
   * Reads the saved throttle and rebuilds it with `restore` (which validates, and keeps the most
   * recent keys last, up to its bound), or null if there is none. Entries it does not keep, and
   * the old one-entry form, are deleted by the next save; keys that came only from the old form
   * are written by it.
   */
  async load<T extends KeyedLimit>(
    config: ConfigRepository,
    log: Logger,
    restore: (data: unknown) => T,
    recency: (state: unknown) => number,
  ): Promise<T | null> {
    const prefix = this.entry('');
    const rows = await config.list(prefix);
    const legacy = await config.get(this.name);
    const saved = new Map<string, unknown>();
    if (legacy !== undefined) {
      this.stale.add(this.name);
      const keys = (legacy as { keys?: unknown } | null)?.keys;
      if (Array.isArray(keys))
        for (const pair of keys) if (Array.isArray(pair)) saved.set(String(pair[0]), pair[1]);
    }
    const inRows = new Set<string>();
    for (const { key, value } of rows) {
      const k = key.slice(prefix.length);
      inRows.add(k);
      saved.set(k, value);
    }
    for (const k of inRows) this.stored.add(k);
    if (saved.size === 0) return null;
    const keys = [...saved].sort((a, b) => recency(a[1]) - recency(b[1]));
    let limit: T | null = null;
    try {
      limit = restore({ version: 1, keys });
    } catch (err) {
      log.error({ err, key: this.name }, 'saved access state is damaged; starting it afresh');
    }
    const kept = new Set((limit?.toJSON().keys ?? []).map(([k]) => k));
    for (const k of inRows) {
      if (kept.has(k)) continue;
      this.stale.add(this.entry(k));
      this.stored.delete(k);
    }
    for (const k of kept) if (!inRows.has(k)) this.changed.add(k);
    return limit;
  }

  /**
   * Queues the changed keys' states (and the stale entries' deletion) in `uow`. Returns a way to
   * mark them changed again, for when that unit of work fails to commit.
   */
  queue(uow: UnitOfWork, limit: KeyedLimit): () => void {
    const keys = [...this.changed];
    const stale = [...this.stale];
    this.changed.clear();
    this.stale.clear();
    for (const entry of stale) uow.deleteConfig(entry);
    const deleted: string[] = [];
    for (const key of keys) {
      const state = limit.saved(key);
      if (state !== null) {
        uow.setConfig(this.entry(key), state as AttributeValue);
        this.stored.add(key);
      } else if (this.stored.delete(key)) {
        uow.deleteConfig(this.entry(key));
        deleted.push(key);
      }
    }
    return () => {
      for (const key of keys) this.changed.add(key);
      for (const entry of stale) this.stale.add(entry);
      // Their entries are still there: the next save must delete them.
      for (const key of deleted) this.stored.add(key);
    };
  }
}
