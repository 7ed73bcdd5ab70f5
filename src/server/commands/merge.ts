/**
 * The cmdset merge algebra (REFERENCE.md §9). Merging A onto B, where A wins (higher
 * priority, or equal priority and merged later):
 *
 *   Union      A's commands, then B's that share no name with A's
 *   Intersect  A's commands that share a name with one of B's
 *   Replace    A's commands only
 *   Remove     B's commands that share no name with A's
 *
 * A's `keyMergeTypes[B.key]` overrides A's `mergeType`. With `duplicates` on A and equal
 * priorities, same-named commands of both are kept (Union keeps all of B; Intersect keeps the
 * pair). The result takes A's key, priority and key merge types; `noExits`, `noObjs` and
 * `noChannels` come from A when A sets them (non-null), else from B; `duplicates` is per merge
 * and never carried on (Evennia's rules). System commands survive every merge: A's, then B's
 * that A lacks.
 */
import { WaystoneError } from '../../shared/errors.ts';
import { commandsOverlap, type Command } from './command.ts';
import { CmdSet, type MergeType } from './cmdset.ts';

export interface MergeOptions {
  /** Whether a set keeps duplicates (default: `set.duplicates === true`). */
  duplicatesFor?(set: CmdSet): boolean;
}

/** Merge `higher` onto `lower`; if `lower` actually has the higher priority, it wins instead. */
export function mergeCmdSets(lower: CmdSet, higher: CmdSet, options?: MergeOptions): CmdSet {
  let a = higher;
  let b = lower;
  if (b.priority > a.priority) {
    a = lower;
    b = higher;
  }
  const mergeType: MergeType = a.keyMergeTypes[b.key] ?? a.mergeType;
  const duplicates =
    a.priority === b.priority &&
    (options?.duplicatesFor ? options.duplicatesFor(a) : a.duplicates === true);
  const aCommands = a.commands;
  const bCommands = b.commands;
  let commands: Command[];
  switch (mergeType) {
    case 'Union':
      commands = aCommands.slice();
      for (const cmd of bCommands)
        if (duplicates || a.twinOf(cmd) === undefined) commands.push(cmd);
      break;
    case 'Intersect':
      commands = [];
      for (const cmd of aCommands) {
        const twin = b.twinOf(cmd);
        if (twin === undefined) continue;
        commands.push(cmd);
        if (duplicates) commands.push(twin);
      }
      break;
    case 'Replace':
      commands = aCommands.slice();
      break;
    case 'Remove':
      commands = bCommands.filter((cmd) => a.twinOf(cmd) === undefined);
      break;
    default:
      throw new WaystoneError(
        'CMDSET_INVALID',
        `CmdSet '${a.key}' has merge type '${String(mergeType)}'; use Union, Intersect, Replace or Remove.`,
      );
  }
  const system = a.systemCommands.slice();
  for (const cmd of b.systemCommands) {
    if (!system.some((mine) => commandsOverlap(mine, cmd))) system.push(cmd);
  }
  const merged = new CmdSet();
  merged.key = a.key;
  merged.priority = a.priority;
  merged.mergeType = mergeType;
  merged.keyMergeTypes = a.keyMergeTypes;
  merged.noExits = a.noExits ?? b.noExits;
  merged.noObjs = a.noObjs ?? b.noObjs;
  merged.noChannels = a.noChannels ?? b.noChannels;
  merged.duplicates = null;
  merged.setMergedCommands(commands, system);
  return merged;
}

/**
 * Merge many sets the way the command handler does: sets of equal priority are first merged
 * together in the order given (the later one winning), then the groups from lowest priority to
 * highest. No sets gives an empty set; one set is returned as it is.
 */
export function mergeByPriority(sets: readonly CmdSet[], options?: MergeOptions): CmdSet {
  if (sets.length === 0) return new CmdSet();
  if (sets.length === 1) return sets[0] as CmdSet;
  const groups = new Map<number, CmdSet>();
  for (const set of sets) {
    const prev = groups.get(set.priority);
    groups.set(set.priority, prev === undefined ? set : mergeCmdSets(prev, set, options));
  }
  const ordered = [...groups.values()].sort((x, y) => x.priority - y.priority);
  let merged = ordered[0] as CmdSet;
  for (let i = 1; i < ordered.length; i += 1) {
    merged = mergeCmdSets(merged, ordered[i] as CmdSet, options);
  }
  return merged;
}

export type MergedOption = 'noExits' | 'noObjs' | 'noChannels';

/**
 * The value `option` would have on `mergeByPriority(sets)`, without merging: the set with the
 * highest priority (the later one on a tie) among those that set it. The handler uses this to
 * decide whether to look at objects, exits and channels at all.
 */
export function mergedOption(sets: readonly CmdSet[], option: MergedOption): boolean | null {
  let value: boolean | null = null;
  let priority = -Infinity;
  for (const set of sets) {
    const own = set[option];
    if (own !== null && set.priority >= priority) {
      value = own;
      priority = set.priority;
    }
  }
  return value;
}
