/**
 * A CmdSet: a named group of commands with the options that decide how it merges with other
 * sets (REFERENCE.md §9; the algebra is in merge.ts). A game subclasses it, sets the options as
 * class fields and fills it in `atCmdsetCreation` — run lazily on first use, after the
 * subclass's own fields are in place:
 *
 *   class RoomCmdSet extends CmdSet {
 *     override key = 'Room'; override priority = 1;
 *     override atCmdsetCreation() { this.add(CmdPull); this.add(new CmdPush()); }
 *   }
 *
 * Two commands are "the same" when their keys or aliases overlap: adding one replaces the
 * other (unless `allowDuplicates`). Commands whose key starts with `__` are system commands,
 * kept apart from `commands`.
 *
 * The `version` counter goes up on every change; with the set's identity (`uid`) it is what
 * the command handler's merge cache keys on. Options are compared on every cache hit, so
 * changing `priority` or `mergeType` at run time is safe; after mutating `keyMergeTypes` in
 * place, call `touch()`.
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import {
  commandsOverlap,
  compileCommandLocks,
  prepareCommand,
  type Command,
  type CommandClass,
  type CommandOrigin,
  type CommandSetView,
} from './command.ts';
import { isSystemCommandKey } from './system-keys.ts';

export type MergeType = 'Union' | 'Intersect' | 'Replace' | 'Remove';
export const MERGE_TYPES: readonly MergeType[] = ['Union', 'Intersect', 'Replace', 'Remove'];

export type CmdSetClass = new () => CmdSet;
export type CommandLike = Command | CommandClass;

let nextUid = 1;

export class CmdSet implements CommandSetView, CommandOrigin {
  key = 'Unnamed CmdSet';
  /** Higher merges onto lower; conventional: session −20, account −10, character 0, exits 101. */
  priority = 0;
  mergeType: MergeType = 'Union';
  /** Merge type to use instead of `mergeType` when merging onto the set with this key. */
  keyMergeTypes: Readonly<Record<string, MergeType>> = {};
  /** true/false force the option for the merged result; null passes the lower sets' value on. */
  noExits: boolean | null = null;
  noObjs: boolean | null = null;
  noChannels: boolean | null = null;
  /**
   * Keep both of two same-named commands when merging onto a set of equal priority (the
   * player then picks with `1-push`/`2-push`). null: true for sets on objects in the room, false
   * otherwise.
   */
  duplicates: boolean | null = null;
  /** Survives a reload (stored by its registered name) when the handler has persistence. */
  persistent = false;
  /**
   * One instance serves every owner (the default account and character sets): it holds no
   * per-owner state, its commands see the caller as `obj`, and every player shares its
   * merge-cache entries. Change it only for everyone; to give one character more commands,
   * add a set of its own to that character.
   */
  shared = false;

  /** Identity for the merge cache; unique in this process. */
  readonly uid: number = nextUid++;
  /** The entity whose cmdset handler holds this set; set by the handler. */
  owner: unknown = null;

  private regular: Command[] = [];
  private system: Command[] = [];
  private changes = 0;
  private created = false;
  private lockFuncs: LockFuncRegistry | null = null;
  private byName: Map<string, Command> | null = null;

  /** Fill the set: override and call `this.add(...)`. Runs once, on first use. */
  atCmdsetCreation(): void {}

  /** The regular commands (system commands are in `systemCommands`). */
  get commands(): readonly Command[] {
    this.ensureCreated();
    return this.regular;
  }

  get systemCommands(): readonly Command[] {
    this.ensureCreated();
    return this.system;
  }

  /** Change counter: goes up whenever commands are added or removed, or on `touch()`. */
  get version(): number {
    this.ensureCreated();
    return this.changes;
  }

  get size(): number {
    return this.commands.length;
  }

  [Symbol.iterator](): Iterator<Command> {
    return this.commands[Symbol.iterator]();
  }

  /**
   * Add commands (instances or classes). A command sharing a name with one already here
   * replaces it, unless `allowDuplicates`. Throws `COMMAND_INVALID` for a command without a
   * key and, once the set is on a handler, `LOCK_INVALID` for a malformed `locks`.
   */
  add(
    commands: CommandLike | readonly CommandLike[],
    options?: { allowDuplicates?: boolean },
  ): void {
    this.ensureCreated();
    const list = Array.isArray(commands) ? commands : [commands as CommandLike];
    for (const item of list) {
      const cmd = this.adopt(item);
      const target = isSystemCommandKey(cmd.key) ? this.system : this.regular;
      if (options?.allowDuplicates !== true) removeOverlapping(target, cmd);
      target.push(cmd);
    }
    this.changed();
  }

  /**
   * Remove commands: by name (key or alias, any case), by class (every instance of it), or by
   * instance (every command sharing a name with it). Returns whether anything was removed.
   */
  remove(which: string | Command | CommandClass): boolean {
    this.ensureCreated();
    let test: (cmd: Command) => boolean;
    if (typeof which === 'string') {
      const name = which.trim().toLowerCase();
      test = (cmd) => cmd.matchNames.includes(name) || cmd.key.toLowerCase() === name;
    } else if (typeof which === 'function') {
      test = (cmd) => cmd.constructor === which;
    } else {
      const names = which.matchNames.length > 0 ? which.matchNames : [which.key.toLowerCase()];
      test = (cmd) => cmd === which || names.some((n) => cmd.matchNames.includes(n));
    }
    const before = this.regular.length + this.system.length;
    this.regular = this.regular.filter((cmd) => !test(cmd));
    this.system = this.system.filter((cmd) => !test(cmd));
    if (this.regular.length + this.system.length === before) return false;
    this.changed();
    return true;
  }

  /** The command with this name (key or alias, any case), system commands included. */
  get(name: string): Command | undefined {
    return this.nameMap().get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.nameMap().has(name.toLowerCase());
  }

  /** The command here that shares a name (key or alias) with `cmd`, if any. */
  twinOf(cmd: Command): Command | undefined {
    const map = this.nameMap();
    for (const name of cmd.matchNames) {
      const twin = map.get(name);
      if (twin !== undefined) return twin;
    }
    return undefined;
  }

  /** Mark the set changed (after mutating an option in place). */
  touch(): void {
    this.changed();
  }

  /**
   * @internal Called by the cmdset handler: the set now belongs to `owner`, and its commands'
   * locks are compiled (a malformed one throws `LOCK_INVALID` here).
   */
  attach(owner: unknown, lockFuncs: LockFuncRegistry): void {
    if (this.shared) {
      // Owned by nobody; its locks are compiled once.
      if (this.lockFuncs === lockFuncs) return;
      this.ensureCreated();
      for (const cmd of this.regular) compileCommandLocks(cmd, lockFuncs);
      for (const cmd of this.system) compileCommandLocks(cmd, lockFuncs);
      this.lockFuncs = lockFuncs;
      return;
    }
    if (this.owner !== null && this.owner !== owner) {
      throw new WaystoneError(
        'CMDSET_INVALID',
        `CmdSet '${this.key}' already belongs to another entity; give each its own instance.`,
      );
    }
    this.ensureCreated();
    for (const cmd of this.regular) compileCommandLocks(cmd, lockFuncs);
    for (const cmd of this.system) compileCommandLocks(cmd, lockFuncs);
    this.owner = owner;
    this.lockFuncs = lockFuncs;
  }

  /** @internal Called by the cmdset handler when the set leaves it. */
  detach(): void {
    this.owner = null;
  }

  /** @internal The merge fills a fresh set with commands that keep their own origin. */
  setMergedCommands(regular: Command[], system: Command[]): void {
    this.created = true;
    this.regular = regular;
    this.system = system;
    this.changed();
  }

  private adopt(item: CommandLike): Command {
    let cmd: Command = typeof item === 'function' ? new item() : item;
    // One instance belongs to one set (its `obj` comes from the set): share by prototype.
    if (cmd.origin !== null && cmd.origin !== this) cmd = Object.create(cmd) as Command;
    prepareCommand(cmd, this, this.lockFuncs);
    return cmd;
  }

  private nameMap(): Map<string, Command> {
    this.ensureCreated();
    if (this.byName === null) {
      const map = new Map<string, Command>();
      for (const list of [this.regular, this.system]) {
        for (const cmd of list) {
          for (const name of cmd.matchNames) if (!map.has(name)) map.set(name, cmd);
        }
      }
      this.byName = map;
    }
    return this.byName;
  }

  private changed(): void {
    this.changes += 1;
    this.byName = null;
  }

  private ensureCreated(): void {
    if (this.created) return;
    this.created = true;
    this.atCmdsetCreation();
  }
}

function removeOverlapping(list: Command[], cmd: Command): void {
  for (let i = list.length - 1; i >= 0; i -= 1) {
    if (commandsOverlap(list[i] as Command, cmd)) list.splice(i, 1);
  }
}
