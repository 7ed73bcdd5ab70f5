/**
 * Finding the command a line names (REFERENCE.md §9), in this order:
 *
 * 1. Names that start the line (case-insensitive) and are followed by what the command's
 *    `argRegex` accepts (by default a space, `/` or the end), that the caller may use (`cmd`
 *    lock: a command you cannot use is invisible). The longest matching name wins.
 * 2. Nothing? `N-name` (e.g. `2-push`) matches `name` and picks the Nth of several matches.
 * 3. Still nothing? Drop `@&/+` prefixes from the line and from the names, and try again.
 *
 * The result is one command, none, or several (the caller then picks with `N-name`).
 */
import type { LockSubject } from '../locks/lock-subject.ts';
import type { Command } from './command.ts';
import {
  IGNORED_PREFIXES,
  stripPrefixes,
  type CommandIndex,
  type NameTable,
} from './command-index.ts';

export interface CommandMatch {
  readonly command: Command;
  /** The name as the player typed it (case kept, prefixes dropped by the fallback excluded). */
  readonly cmdname: string;
  /** Everything after the name, untrimmed. */
  readonly rest: string;
}

export type MatchResult =
  | { readonly kind: 'one'; readonly match: CommandMatch }
  | { readonly kind: 'many'; readonly matches: readonly CommandMatch[] }
  | { readonly kind: 'none' };

export type CanUse = (command: Command, subject: LockSubject) => boolean;

const NONE: MatchResult = Object.freeze({ kind: 'none' });
const N_NAME = /^(\d+)-(.+)$/s;

/** Match a non-empty, trimmed line. */
export function matchCommand(
  index: CommandIndex,
  line: string,
  subject: LockSubject,
  canUse: CanUse,
): MatchResult {
  let found = findCandidates(index, line, subject, canUse);
  let pick = 0;
  if (found.length === 0) {
    const numbered = N_NAME.exec(line);
    if (numbered !== null) {
      pick = Number(numbered[1]);
      found = findCandidates(index, numbered[2] as string, subject, canUse);
    }
  }
  if (found.length === 0) return NONE;
  if (pick > 0) {
    const chosen = found[pick - 1];
    return chosen === undefined ? NONE : { kind: 'one', match: chosen };
  }
  if (found.length === 1) return { kind: 'one', match: found[0] as CommandMatch };
  return { kind: 'many', matches: found };
}

function findCandidates(
  index: CommandIndex,
  line: string,
  subject: LockSubject,
  canUse: CanUse,
): CommandMatch[] {
  const found = collect(index.exact, line, subject, canUse);
  if (found.length > 0) return found;
  const stripped = IGNORED_PREFIXES.includes(line[0] as string) ? stripPrefixes(line) : line;
  return collect(index.stripped, stripped, subject, canUse);
}

/** Longest names first; stop at the first length that yields a usable command. */
function collect(
  table: NameTable,
  line: string,
  subject: LockSubject,
  canUse: CanUse,
): CommandMatch[] {
  const lower = line.toLowerCase();
  const found: CommandMatch[] = [];
  for (const length of table.lengths) {
    if (length > lower.length) continue;
    const entries = table.byName.get(length === lower.length ? lower : lower.slice(0, length));
    if (entries === undefined) continue;
    const rest = line.slice(length);
    for (const { command } of entries) {
      const argRegex = command.argRegex;
      if (argRegex !== null) {
        argRegex.lastIndex = 0; // a /g or /y regex would otherwise remember the last test
        if (!argRegex.test(rest)) continue;
      }
      if (!canUse(command, subject)) continue;
      found.push({ command, cmdname: line.slice(0, length), rest });
    }
    if (found.length > 0) return found;
  }
  return found;
}
