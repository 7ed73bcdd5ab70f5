/**
 * The commands the handler runs when a line names no single command. A game replaces one by
 * putting a command with the same key (see system-keys.ts) in a cmdset; otherwise these
 * defaults run:
 *
 *   no input   nothing happens
 *   no match   "Command 'x' is not available." and the keys of close commands the caller
 *              may use and see (never an alias: `doign` offers 'who', not 'doing')
 *   many       a numbered list, and how to pick one (`2-push`)
 *
 * The handler sets `suggestions` (no match) or `matches` (many) before running them; `args`
 * is the whole line.
 */
import { Command } from './command.ts';
import type { CommandMatch } from './matcher.ts';
import { CMD_MULTIMATCH, CMD_NOINPUT, CMD_NOMATCH } from './system-keys.ts';

export abstract class SystemCommand extends Command {
  override autoHelp = false;
  // "Not available" answers what one window typed: the account's other windows never see it.
  override msgAllSessions = false;
  /** No match: keys of commands close to what was typed, among those the caller may use and see. */
  suggestions: readonly string[] = [];
  /** Several matches: each command and the name it matched. */
  matches: readonly CommandMatch[] = [];
}

export class NoInputCommand extends SystemCommand {
  override key = CMD_NOINPUT;
  func(): void {}
}

export class NoMatchCommand extends SystemCommand {
  override key = CMD_NOMATCH;
  func(): void {
    this.msg(noMatchMessage(this.args, this.suggestions));
  }
}

export class MultiMatchCommand extends SystemCommand {
  override key = CMD_MULTIMATCH;
  func(): void {
    this.msg(multiMatchMessage(this.matches));
  }
}

export function noMatchMessage(line: string, suggestions: readonly string[]): string {
  const typed = line.trim().split(/\s+/, 1)[0] ?? '';
  const hint =
    suggestions.length > 0
      ? ` Maybe you meant ${orList(suggestions.map((s) => `'${s}'`))}?`
      : ' Type "help" for help.';
  return `Command '${typed}' is not available.${hint}`;
}

export function multiMatchMessage(matches: readonly CommandMatch[]): string {
  const first = matches[0];
  const typed = first === undefined ? '' : first.cmdname;
  const lines = matches.map((m, i) => {
    const where = describeOrigin(m.command);
    return ` ${i + 1}-${m.cmdname}${where === '' ? '' : ` (${where})`}`;
  });
  return [
    `More than one match for '${typed}' (please narrow target):`,
    ...lines,
    `Type e.g. '1-${typed}' to pick one.`,
  ].join('\n');
}

/** Where a command comes from, for telling matches apart: its owner's key or name, or its set. */
export function describeOrigin(command: Command): string {
  const origin = command.origin;
  if (origin === null) return '';
  const owner = origin.owner as { key?: unknown; name?: unknown } | null;
  if (owner !== null && typeof owner === 'object') {
    if (typeof owner.key === 'string') return owner.key;
    if (typeof owner.name === 'string') return owner.name;
  }
  return origin.key;
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
