/**
 * Merged cmdsets, cached by a fingerprint of the sets involved: each set's identity and change
 * counter, in gathering order, plus where the local (object) sets begin. Players in the same
 * state hit the same entry; adding or removing a command, or a set, changes the fingerprint.
 * On a hit the sets' merge options are compared with those the entry was built from, so
 * changing `priority` or `mergeType` at run time is noticed too. Bounded: the least recently
 * used entry goes first. Each player's account and character sets are their own, so an active
 * player needs an entry of their own (and a new one per room they enter): the bound is sized
 * for a few thousand players in play.
 */
import type { CmdSet } from './cmdset.ts';
import type { CommandIndex } from './command-index.ts';

export interface MergedEntry {
  readonly cmdset: CmdSet;
  readonly index: CommandIndex;
}

export interface MergeCacheStats {
  hits: number;
  misses: number;
  size: number;
}

interface Stored extends MergedEntry {
  readonly options: unknown[];
}

const OPTIONS_PER_SET = 7;

export class MergeCache {
  private readonly entries = new Map<string, Stored>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxEntries = 4096) {}

  /** The cached merge of `sets`, or `build()`'s result, stored. */
  resolve(
    sets: readonly CmdSet[],
    localFrom: number,
    build: (sets: readonly CmdSet[], localFrom: number) => MergedEntry,
  ): MergedEntry {
    let key = `${localFrom}`;
    for (const set of sets) key += `|${set.uid}.${set.version}`;
    const found = this.entries.get(key);
    if (found !== undefined && sameOptions(found.options, sets)) {
      this.hits += 1;
      // Least recently used goes first: a player who keeps playing keeps their entry, even
      // with more players than entries passing through.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    this.misses += 1;
    const built = build(sets, localFrom);
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { ...built, options: snapshot(sets) });
    return built;
  }

  /** Count an uncached merge (the handler with caching off), so stats stay comparable. */
  countMiss(): void {
    this.misses += 1;
  }

  stats(): MergeCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }

  clear(): void {
    this.entries.clear();
  }
}

function snapshot(sets: readonly CmdSet[]): unknown[] {
  const out: unknown[] = [];
  for (const set of sets) {
    out.push(
      set.priority,
      set.mergeType,
      set.keyMergeTypes,
      set.noExits,
      set.noObjs,
      set.noChannels,
      set.duplicates,
    );
  }
  return out;
}

function sameOptions(options: readonly unknown[], sets: readonly CmdSet[]): boolean {
  let i = 0;
  for (const set of sets) {
    if (
      options[i] !== set.priority ||
      options[i + 1] !== set.mergeType ||
      options[i + 2] !== set.keyMergeTypes ||
      options[i + 3] !== set.noExits ||
      options[i + 4] !== set.noObjs ||
      options[i + 5] !== set.noChannels ||
      options[i + 6] !== set.duplicates
    ) {
      return false;
    }
    i += OPTIONS_PER_SET;
  }
  return true;
}
