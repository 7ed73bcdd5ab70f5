/**
 * The Command a game author subclasses. Set `key` (and `aliases`, `locks`, `helpCategory`,
 * `help`…) as class fields and write `func`. The command handler runs a fresh copy for every
 * use (its fields are per run, so two players — or one command paused twice — never share
 * state), in this order:
 *
 *   step       | may be async | on a truthy return / a throw
 *   -----------|--------------|------------------------------------------------------------
 *   atPreCmd   | yes          | truthy → stop here, quietly (nothing else runs)
 *   parse      | yes          | throw → stop; the player gets a short notice, the trace is logged
 *   func       | yes          | throw → the same; `InterruptCommand` → stop quietly
 *   atPostCmd  | yes          | throw → the same
 *
 * Before `atPreCmd` the handler has set: `caller`, `session` (null when an object runs the
 * command itself, `obj.execute(line)`: it cannot `ask` then), `account`, `subject`, `cmdstring`
 * (the name as typed), `args` (the rest, trimmed, without switches), `switches` (`look/a/b` →
 * ['a','b'], lower-cased), `rawString` (the whole line), `cmdset` (the merged set it was found
 * in) and `obj` (the entity whose cmdset holds the command).
 *
 * Inside `func`: `this.msg(text)` answers (see below), `this.msgPaged(text)` pages a long
 * text and `this.table(spec)` lays out a table for the typing session's client (text-ui/);
 * `await this.pause(s)` waits (the session's later input waits too, in order);
 * `await this.ask(q)` sends q to the session that typed the line and resolves with its next
 * line, which is not run as a command; `this.execute(line)` runs another command as the same
 * caller (at most 10 deep).
 *
 * Where `this.msg(text, options)` goes — the rule, in order (the first that applies):
 *   1. no account yet (before login): the session that typed the line;
 *   2. `{ session }`: that session of the caller;
 *   3. `{ allSessions }` if given, else the class's `msgAllSessions` if set, else the
 *      `commandMsgAllSessions` setting ('auto': true in multisession mode 1, false in 0, 2, 3):
 *      true → every session of the caller (the puppet's sessions in character, the account's
 *      out of character); false → the session that typed the line;
 *   4. run by an object (no session): every session puppeting it.
 * Questions (`ask`), the handler's error notices and the system commands' "not available" /
 * "more than one match" replies always go to the typing session only. What a character is
 * told through the object (`caller.msg`, `atSay` for say/pose/whisper) reaches every session
 * puppeting it, whatever the rule says (REFERENCE.md §8).
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import { LockHandler } from '../locks/lock-handler.ts';
import { ANONYMOUS_SUBJECT, type LockSubject } from '../locks/lock-subject.ts';
import { tableForClient, type TableSpec } from '../text-ui/table.ts';
import type { CallerEntity, CommandCaller, CommandSession, MessageReceiver } from './caller.ts';

/** The name must be followed by a space, `/` or the end of the line (`looking` is not `look`). */
export const DEFAULT_ARG_REGEX = /^(?:[ /]|$)/;

export type CommandClass = new () => Command;

/** What the handler gives a running command to reach back into it. */
export interface CommandRuntime {
  execute(line: string, depth: number): Promise<void>;
  /** The command is about to wait (`pause`): what it said so far should reach the player now. */
  pausing?(): void;
  ask(
    session: CommandSession,
    question: string,
    timeoutSeconds: number | undefined,
  ): Promise<string>;
}

/** The cmdset a command belongs to, as far as the command needs to know. */
export interface CommandOrigin {
  readonly key: string;
  /** The entity whose cmdset handler holds the set (becomes the command's `obj`). */
  readonly owner: unknown;
  /** A set serving every owner: the command's `obj` is its caller. */
  readonly shared?: boolean;
}

/** The merged cmdset a command was found in (`this.cmdset`). */
export interface CommandSetView {
  readonly key: string;
  /** The regular (non-system) commands, in merge order. */
  readonly commands: readonly Command[];
  get(name: string): Command | undefined;
}

/** One `command.msg` call's say over where it goes (the rule in the header). */
export interface CommandMsgOptions {
  /** true: every session of the caller; false: the typing session (over `msgAllSessions`). */
  allSessions?: boolean;
  /** Only this session of the caller. */
  session?: CommandSession;
}

export interface AskOptions {
  /** Give up after this many seconds (rejecting with an `InterruptCommand`); default: the handler's. */
  timeoutSeconds?: number;
}

const NO_SWITCHES: readonly string[] = Object.freeze([]);

export abstract class Command {
  // ---- set by the game author -------------------------------------------------------------
  /** The name players type (case-insensitive). Required. */
  key = '';
  aliases: readonly string[] = [];
  /** Lock string; `cmd` decides who may use (and see) the command. */
  locks = 'cmd:all()';
  helpCategory = 'General';
  /** What may follow the name; null accepts anything (e.g. `:waves` for a `:` command). */
  argRegex: RegExp | null = DEFAULT_ARG_REGEX;
  /** Listed by `help` from its own help text. */
  autoHelp = true;
  /** Help text; when empty, a static `help` on the class is used. */
  help = '';
  /**
   * Where `this.msg` goes by default (the rule in the header): true → every session of the
   * caller, false → the typing session; undefined → the `commandMsgAllSessions` setting (the
   * handler fills it in for each run, so `func` reads the value in force).
   */
  msgAllSessions: boolean | undefined = undefined;

  // ---- set by the handler before each run -------------------------------------------------
  caller!: CommandCaller;
  /** The session that typed the line; null when an object runs the command (`obj.execute`). */
  session: CommandSession | null = null;
  account: CallerEntity | null = null;
  /** Who locks are checked against: the puppet, else the account, else an anonymous subject. */
  subject: LockSubject = ANONYMOUS_SUBJECT;
  cmdstring = '';
  args = '';
  rawString = '';
  switches: readonly string[] = NO_SWITCHES;
  cmdset!: CommandSetView;
  obj: unknown = null;

  // ---- kept by the command system (not for game code) -------------------------------------
  /** @internal Lower-cased key and aliases, fixed when the command joins a cmdset. */
  matchNames: readonly string[] = NO_SWITCHES;
  /** @internal Parsed `locks`, compiled when the command joins a cmdset. */
  lockHandler: LockHandler | null = null;
  /** @internal The cmdset the command belongs to. */
  origin: CommandOrigin | null = null;
  /** @internal How `msg` reaches the caller (null before login: straight to the session). */
  receiver: MessageReceiver | null = null;
  /** @internal */
  runtime: CommandRuntime | null = null;
  /** @internal How deep in commands-running-commands this run is (1 = typed by a player). */
  depth = 0;

  // ---- the lifecycle ----------------------------------------------------------------------
  /** A truthy result stops the command before `parse`. */
  atPreCmd(): unknown {
    return undefined;
  }

  parse(): void | Promise<void> {}

  abstract func(): void | Promise<void>;

  atPostCmd(): void | Promise<void> {}

  // ---- helpers for func -------------------------------------------------------------------
  /** Send text to the caller: to the typing session or to all its sessions (the header's rule). */
  msg(text: string, options?: CommandMsgOptions): void {
    const receiver = this.receiver;
    if (receiver === null) this.session?.msg(text);
    else if (options?.session !== undefined) receiver.msg(text, { session: options.session });
    else if (this.session === null || (options?.allSessions ?? this.msgAllSessions) === true)
      receiver.msg(text);
    else receiver.msg(text, { session: this.session });
  }

  /**
   * Send long text a page at a time to the session that typed the line, when its client is
   * paged and the text is longer than its screen (text-ui/pager.ts: `next`, `back`, `top`,
   * `end`, `quit`); otherwise, and for a command an object runs, exactly `msg(text, options)`.
   */
  msgPaged(text: string, options?: CommandMsgOptions): void {
    if (this.session?.page?.(text) === true) return;
    this.msg(text, options);
  }

  /**
   * A table (text-ui/table.ts) fitted to the typing session's client: as wide as its
   * SCREENWIDTH at most (unless `spec.width` says), the linear form for a screen reader, ASCII
   * borders for a client that is not UTF-8. Returns the text; `msg` it.
   */
  table(spec: TableSpec): string {
    return tableForClient(spec, this.session?.protocolFlags ?? {});
  }

  /** Run another command line as the same caller (counts towards the recursion limit). */
  async execute(line: string): Promise<void> {
    return this.requireRuntime().execute(line, this.depth + 1);
  }

  /** Wait. The session's next input is held until the command finishes. */
  pause(seconds: number): Promise<void> {
    this.runtime?.pausing?.();
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, seconds) * 1000));
  }

  /** Send `question` and resolve with the player's next line (rejects on timeout). */
  async ask(question: string, options?: AskOptions): Promise<string> {
    const runtime = this.requireRuntime();
    if (this.session === null) {
      throw new WaystoneError(
        'COMMAND_NO_SESSION',
        `Command '${this.key}' cannot ask: it was run by an object, with no session to answer.`,
      );
    }
    return runtime.ask(this.session, question, options?.timeoutSeconds);
  }

  /** Ask a yes/no question: `y`/`yes` (any case) is true, anything else false. */
  async yesNo(question: string, options?: AskOptions): Promise<boolean> {
    const answer = (await this.ask(`${question} [yes/no]`, options)).trim().toLowerCase();
    return answer === 'y' || answer === 'yes';
  }

  /** Does `subject` pass this command's lock of `accessType` (`cmd` by default)? */
  access(subject: LockSubject, accessType = 'cmd', defaultResult = false): boolean {
    const locks = this.lockHandler;
    return locks !== null && locks.check(subject, accessType, defaultResult);
  }

  /** The help text: the `help` field, else a static `help` on the class, else ''. */
  helpText(): string {
    if (this.help !== '') return this.help;
    const own = (this.constructor as { help?: unknown }).help;
    return typeof own === 'string' ? own : '';
  }

  private requireRuntime(): CommandRuntime {
    if (this.runtime === null) {
      throw new WaystoneError(
        'COMMAND_NOT_RUNNING',
        `Command '${this.key}' can only ask or execute while the command handler runs it.`,
      );
    }
    return this.runtime;
  }
}

/**
 * Check a command's fields and fix its match names and origin; compile its locks when a
 * registry is given. Throws `COMMAND_INVALID` or `LOCK_INVALID`.
 */
export function prepareCommand(
  cmd: Command,
  origin: CommandOrigin,
  lockFuncs: LockFuncRegistry | null,
): void {
  if (typeof cmd.key !== 'string' || cmd.key.trim() === '') {
    throw new WaystoneError(
      'COMMAND_INVALID',
      `Command ${cmd.constructor.name} has no key (cmdset '${origin.key}').`,
    );
  }
  const names = new Set<string>();
  for (const name of [cmd.key, ...cmd.aliases]) {
    const lower = name.trim().toLowerCase();
    if (lower !== '') names.add(lower);
  }
  cmd.matchNames = Object.freeze([...names]);
  cmd.origin = origin;
  if (lockFuncs !== null) compileCommandLocks(cmd, lockFuncs);
}

export function compileCommandLocks(cmd: Command, lockFuncs: LockFuncRegistry): LockHandler {
  try {
    cmd.lockHandler = new LockHandler(lockFuncs, cmd, cmd.locks);
  } catch (err) {
    if (err instanceof WaystoneError) {
      throw new WaystoneError(
        err.code,
        `Command '${cmd.key}' (${cmd.constructor.name}): ${err.message}`,
        { cause: err },
      );
    }
    throw err;
  }
  return cmd.lockHandler;
}

/** True when two commands share a name (key or alias): they are "the same" in merges. */
export function commandsOverlap(a: Command, b: Command): boolean {
  for (const name of a.matchNames) if (b.matchNames.includes(name)) return true;
  return false;
}
