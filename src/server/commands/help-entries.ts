/**
 * Help topics beyond the commands' own help (lore, rules, policies, building guides). One
 * instance per game, passed to the `help` command. Entries come from three places:
 *
 *   - the game's code: `game.helpEntries.add({...})` in game.ts (source 'game');
 *   - help files shipped in the game directory: `help/*.md` (server/help/help-files.ts, source
 *     'file'), read at start and at every reload;
 *   - the database: written in game with `sethelp` (source 'database'), committed with the
 *     command that wrote them.
 *
 * When names clash, as in Evennia: a command's own help wins over every entry (for those who
 * can use the command), and an entry written in game wins over the game's code and files of the
 * same name — so a builder can correct a shipped entry without a code change, and
 * `sethelp/delete` brings the shipped one back.
 *
 * An entry's `locks` may hold a `view` lock (Evennia's `read` is accepted too; an entry shows
 * only to those who pass both), parsed when the entry is added: a malformed one throws
 * `LOCK_INVALID` there. Without one, everyone sees it. Entry text is builder or game
 * text: its colour markup renders.
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import { LockHandler } from '../locks/lock-handler.ts';
import type { LockSubject } from '../locks/lock-subject.ts';
import type { DirtyTracker } from '../objects/write-scopes.ts';
import type { HelpEntryRepository } from '../storage/types.ts';

export interface HelpEntryInput {
  key: string;
  aliases?: readonly string[];
  category?: string;
  text: string;
  /** e.g. `view:perm(Builder)`. */
  locks?: string;
}

/** Where an entry comes from (see the top of this file for which wins). */
export type HelpSource = 'game' | 'file' | 'database';

export interface HelpEntry {
  readonly key: string;
  readonly aliases: readonly string[];
  readonly category: string;
  readonly text: string;
  readonly locks: LockHandler;
  readonly source: HelpSource;
}

/** Bounds on entries written in game (a help text is a page, not a book). */
export const HELP_LIMITS = {
  keyLength: 80,
  categoryLength: 40,
  aliases: 20,
  textLength: 20_000,
} as const;

export const DEFAULT_HELP_CATEGORY = 'General';

export class HelpEntryRegistry {
  /** The game's code and files, by lower-cased key. */
  private readonly entries = new Map<string, HelpEntry>();
  /** Written in game, by lower-cased key. */
  private readonly stored = new Map<string, HelpEntry>();
  private tracker: DirtyTracker | null = null;

  constructor(private readonly lockFuncs: LockFuncRegistry) {}

  /** Add or replace (by key, case-insensitively) an entry of the game's. */
  add(input: HelpEntryInput, source: 'game' | 'file' = 'game'): HelpEntry {
    const entry = this.#entry(input, source);
    this.entries.set(input.key.trim().toLowerCase(), entry);
    return entry;
  }

  /** Remove one of the game's entries (not one written in game: see `deleteStored`). */
  remove(key: string): boolean {
    return this.entries.delete(key.trim().toLowerCase());
  }

  /** Entries `subject` may view: those written in game, then the game's they do not shadow. */
  visibleTo(subject: LockSubject): HelpEntry[] {
    const shadowed = (e: HelpEntry) => this.stored.has(e.key.toLowerCase());
    return [
      ...this.stored.values(),
      ...[...this.entries.values()].filter((e) => !shadowed(e)),
    ].filter((e) => e.locks.check(subject, 'view', true) && e.locks.check(subject, 'read', true));
  }

  /** The entry this key or alias names (one written in game first), whoever may view it. */
  find(name: string): HelpEntry | undefined {
    const wanted = name.trim().toLowerCase();
    const named = (e: HelpEntry) =>
      e.key.toLowerCase() === wanted || e.aliases.some((a) => a.toLowerCase() === wanted);
    return [...this.stored.values()].find(named) ?? [...this.entries.values()].find(named);
  }

  // ---- written in game (sethelp) -----------------------------------------------------------

  /** Where writes of entries go: the object manager's write scopes (set once storage is up). */
  persistThrough(tracker: DirtyTracker): void {
    this.tracker = tracker;
  }

  /** The entry written in game under this key, if any. */
  getStored(key: string): HelpEntry | undefined {
    return this.stored.get(key.trim().toLowerCase());
  }

  /**
   * Write (or rewrite) an entry in the database; it is committed with the current batch (the
   * command's). Checked first: HELP_ENTRY_INVALID or LOCK_INVALID, nothing changed.
   */
  setStored(input: HelpEntryInput): HelpEntry {
    const entry = this.#entry(checked(input), 'database');
    const id = entry.key.toLowerCase();
    this.stored.set(id, entry);
    this.#persist(id);
    return entry;
  }

  deleteStored(key: string): boolean {
    const id = key.trim().toLowerCase();
    if (!this.stored.delete(id)) return false;
    this.#persist(id);
    return true;
  }

  /**
   * Reads the entries written in game (when the world opens). One whose lock no longer parses
   * is left out and described in the returned list, for the log.
   */
  async loadStored(repository: HelpEntryRepository): Promise<string[]> {
    const problems: string[] = [];
    this.stored.clear();
    for (const row of await repository.list()) {
      try {
        this.stored.set(row.key.toLowerCase(), this.#entry(row, 'database'));
      } catch (err) {
        problems.push(`help entry '${row.key}': ${(err as Error).message}`);
      }
    }
    return problems;
  }

  #persist(id: string): void {
    if (this.tracker === null) {
      throw new WaystoneError(
        'STORAGE_CLOSED',
        'Help entries cannot be written before the database is open.',
      );
    }
    this.tracker.markDirty(`help:${id}`, async (tx) => {
      const now = this.stored.get(id);
      if (now === undefined) await tx.helpEntries.delete(id);
      else {
        await tx.helpEntries.save({
          key: now.key,
          category: now.category,
          aliases: [...now.aliases],
          text: now.text,
          locks: now.locks.toString(),
        });
      }
    });
  }

  #entry(input: HelpEntryInput, source: HelpSource): HelpEntry {
    return {
      key: input.key.trim(),
      aliases: [...(input.aliases ?? [])],
      category: input.category?.trim() || DEFAULT_HELP_CATEGORY,
      text: input.text,
      locks: new LockHandler(this.lockFuncs, null, input.locks ?? ''),
      source,
    };
  }
}

function checked(input: HelpEntryInput): HelpEntryInput {
  const key = input.key.trim();
  const bad = (why: string) => new WaystoneError('HELP_ENTRY_INVALID', why);
  if (key === '') throw bad('A help topic needs a name.');
  if (key.length > HELP_LIMITS.keyLength) {
    throw bad(`A help topic's name has at most ${HELP_LIMITS.keyLength} characters.`);
  }
  if (input.text.trim() === '') throw bad('A help entry needs some text.');
  if (input.text.length > HELP_LIMITS.textLength) {
    throw bad(`A help text has at most ${HELP_LIMITS.textLength} characters.`);
  }
  if ((input.category ?? '').length > HELP_LIMITS.categoryLength) {
    throw bad(`A help category's name has at most ${HELP_LIMITS.categoryLength} characters.`);
  }
  const aliases = (input.aliases ?? []).map((a) => a.trim()).filter((a) => a !== '');
  if (aliases.length > HELP_LIMITS.aliases) {
    throw bad(`A help topic has at most ${HELP_LIMITS.aliases} aliases.`);
  }
  if (aliases.some((a) => a.length > HELP_LIMITS.keyLength)) {
    throw bad(`An alias has at most ${HELP_LIMITS.keyLength} characters.`);
  }
  return { ...input, key, aliases };
}
