/**
 * Help topics a game adds beyond its commands' own help (lore, rules, policies). One instance
 * per game, passed to the `help` command. An entry's `locks` may hold a `view` lock (parsed
 * when the entry is added: a malformed one throws `LOCK_INVALID` there); without one, everyone
 * sees it.
 */
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import { LockHandler } from '../locks/lock-handler.ts';
import type { LockSubject } from '../locks/lock-subject.ts';

export interface HelpEntryInput {
  key: string;
  aliases?: readonly string[];
  category?: string;
  text: string;
  /** e.g. `view:perm(Builder)`. */
  locks?: string;
}

export interface HelpEntry {
  readonly key: string;
  readonly aliases: readonly string[];
  readonly category: string;
  readonly text: string;
  readonly locks: LockHandler;
}

export class HelpEntryRegistry {
  private readonly entries = new Map<string, HelpEntry>();

  constructor(private readonly lockFuncs: LockFuncRegistry) {}

  /** Add or replace (by key, case-insensitively) an entry. */
  add(input: HelpEntryInput): HelpEntry {
    const entry: HelpEntry = {
      key: input.key,
      aliases: [...(input.aliases ?? [])],
      category: input.category ?? 'General',
      text: input.text,
      locks: new LockHandler(this.lockFuncs, null, input.locks ?? ''),
    };
    this.entries.set(input.key.toLowerCase(), entry);
    return entry;
  }

  remove(key: string): boolean {
    return this.entries.delete(key.toLowerCase());
  }

  /** Entries `subject` may view. */
  visibleTo(subject: LockSubject): HelpEntry[] {
    return [...this.entries.values()].filter((e) => e.locks.check(subject, 'view', true));
  }
}
