/**
 * Small commands and cmdsets for the command system's tests. Test-only.
 */
import { Command } from './command.ts';
import { CmdSet, type MergeType } from './cmdset.ts';

/** A command that records what it was run with into a shared log. */
export class Probe extends Command {
  constructor(
    key: string,
    aliases: string[] = [],
    readonly log: string[] = [],
    locks = 'cmd:all()',
  ) {
    super();
    this.key = key;
    this.aliases = aliases;
    this.locks = locks;
  }

  func(): void {
    this.log.push(`${this.key}|${this.cmdstring}|${this.switches.join('/')}|${this.args}`);
    this.msg(`ran ${this.key}`);
  }
}

export function probe(key: string, aliases: string[] = [], log: string[] = []): Probe {
  return new Probe(key, aliases, log);
}

/** A cmdset built from options and commands. */
export function cmdset(
  key: string,
  priority: number,
  commands: Command[],
  options: {
    mergeType?: MergeType;
    keyMergeTypes?: Record<string, MergeType>;
    noExits?: boolean | null;
    noObjs?: boolean | null;
    noChannels?: boolean | null;
    duplicates?: boolean | null;
  } = {},
): CmdSet {
  const set = new CmdSet();
  set.key = key;
  set.priority = priority;
  Object.assign(set, options);
  set.add(commands);
  return set;
}

/** The keys of a set's commands, for assertions (order kept). */
export function keys(set: CmdSet): string[] {
  return set.commands.map((c) => c.key);
}
