/**
 * A lookup table over a merged cmdset, built once per merge (and cached with it), so matching
 * a line costs a few map lookups — one per distinct name length — however many commands there
 * are. A second table holds the names with their `@&/+` prefixes dropped, for the fallback.
 */
import type { Command } from './command.ts';
import type { CmdSet } from './cmdset.ts';
import { suggestNames } from './suggest.ts';
import { CMD_MULTIMATCH, CMD_NOINPUT, CMD_NOMATCH } from './system-keys.ts';

export interface IndexEntry {
  readonly command: Command;
  /** The lower-cased name (key or alias) this entry stands for. */
  readonly name: string;
}

/** Names by their exact lower-cased text, and the distinct name lengths, longest first. */
export class NameTable {
  readonly byName = new Map<string, IndexEntry[]>();
  lengths: number[] = [];

  add(name: string, command: Command): void {
    let list = this.byName.get(name);
    if (list === undefined) {
      list = [];
      this.byName.set(name, list);
      if (!this.lengths.includes(name.length)) {
        this.lengths.push(name.length);
        this.lengths.sort((x, y) => y - x);
      }
    }
    // A command reached twice under one name (an alias equal to a stripped key) counts once.
    if (!list.some((entry) => entry.command === command)) list.push({ command, name });
  }
}

/** The characters players may drop from, or add to, a command name: `@dig` is also `dig`. */
export const IGNORED_PREFIXES = '@&/+';

export function stripPrefixes(text: string): string {
  if (text.length <= 1) return text;
  let i = 0;
  while (i < text.length - 1 && IGNORED_PREFIXES.includes(text[i] as string)) i += 1;
  return text.slice(i);
}

export class CommandIndex {
  readonly exact = new NameTable();
  private strippedTable: NameTable | null = null;
  /** Close names per typed word, before lock filtering (players repeat their typos). */
  private readonly close = new Map<string, readonly string[]>();
  readonly noInput: Command | undefined;
  readonly noMatch: Command | undefined;
  readonly multiMatch: Command | undefined;

  constructor(readonly cmdset: CmdSet) {
    for (const cmd of cmdset.commands) {
      for (const name of cmd.matchNames) this.exact.add(name, cmd);
    }
    this.noInput = cmdset.get(CMD_NOINPUT);
    this.noMatch = cmdset.get(CMD_NOMATCH);
    this.multiMatch = cmdset.get(CMD_MULTIMATCH);
  }

  /**
   * Every name close to `typed`, best first, whoever may use it: the handler filters by lock.
   * Remembered for the last few words typed.
   */
  closeNames(typed: string): readonly string[] {
    const word = typed.toLowerCase();
    let names = this.close.get(word);
    if (names === undefined) {
      names = suggestNames(word, this.exact.byName.keys(), Infinity);
      if (this.close.size >= 64) this.close.delete(this.close.keys().next().value as string);
      this.close.set(word, names);
    }
    return names;
  }

  /** Names with prefixes dropped; built the first time the fallback is needed. */
  get stripped(): NameTable {
    if (this.strippedTable === null) {
      const table = new NameTable();
      for (const cmd of this.cmdset.commands) {
        for (const name of cmd.matchNames) table.add(stripPrefixes(name), cmd);
      }
      this.strippedTable = table;
    }
    return this.strippedTable;
  }
}
