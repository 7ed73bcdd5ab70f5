/**
 * The command handler: from a line of player input to a command's `func` (REFERENCE.md §9).
 *
 *   1. Answer?   If a command on this session is waiting on `ask`, the line is its answer.
 *   2. Gather    cmdsets from the session (shared, then its own), the account, the puppet; then, unless the merged
 *                options say `noObjs`/`noExits`/`noChannels`, from the caller context's local
 *                sources whose `call` lock the caller passes (no superuser bypass).
 *   3. Merge     same priorities first (the later wins), then lowest to highest (merge.ts).
 *                Cached by a fingerprint of the sets involved (merge-cache.ts).
 *   4. Match     matcher.ts: case-insensitive names, argRegex, `N-name`, prefix fallback,
 *                `cmd` locks. No input, no match and many matches run system commands.
 *   5. Run       a fresh copy of the command: atPreCmd → parse → func → atPostCmd.
 *
 * Failure at any step never reaches the session's input queue: `InterruptCommand` ends the
 * command quietly (or with its notice); anything else is logged with its trace and the player
 * gets a short notice that never repeats the error's message (a storage error names files). Commands running commands (`this.execute`) may nest 10 deep.
 */
import type { Logger } from 'pino';
import { GAME_ERROR_NOTICE } from '../inputfuncs/dispatcher.ts';
import { isStorageError, STORAGE_ERROR_NOTICE } from '../storage/availability.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import { ANONYMOUS_SUBJECT, type LockSubject } from '../locks/lock-subject.ts';
import { WaystoneError } from '../../shared/errors.ts';
import type { CommandCaller, CommandSession } from './caller.ts';
import type { CallerContext } from './caller-context.ts';
import { compileCommandLocks, prepareCommand, type Command } from './command.ts';
import { CommandIndex } from './command-index.ts';
import type { CmdSet } from './cmdset.ts';
import { Execution, type ExecutionHost } from './execution.ts';
import { InterruptCommand } from './interrupt.ts';
import { matchCommand, type CanUse, type CommandMatch } from './matcher.ts';
import { MergeCache, type MergeCacheStats, type MergedEntry } from './merge-cache.ts';
import { mergeByPriority, mergedOption } from './merge.ts';
import { PendingInputs } from './pending-input.ts';
import {
  MultiMatchCommand,
  NoInputCommand,
  NoMatchCommand,
  type SystemCommand,
} from './system-commands.ts';

export interface CommandHandlerOptions {
  lockFuncs: LockFuncRegistry;
  log: Logger;
  /** Cache merged cmdsets (default true; off only to measure what the cache saves). */
  cache?: boolean;
  /** Most merged cmdsets kept (default 4096; the least recently used goes first). */
  cacheSize?: number;
  /** How deep commands may run commands (default 10). */
  recursionLimit?: number;
  /** How long `ask` waits for an answer, in seconds (default 300). */
  askTimeoutSeconds?: number;
  /**
   * Where `command.msg` goes for commands that do not say (`msgAllSessions` undefined): every
   * session of the caller (true) or the typing session (false, the default). The Server passes
   * the `commandMsgAllSessions` setting as the multisession rules resolve it.
   */
  msgAllSessions?: boolean;
  /**
   * Called when a command pauses (inside its async context): the Server releases the output
   * it holds for the command, so "You start digging…" shows before the wait, not after.
   */
  onPause?: () => void;
  /**
   * Called after a command failed with an error (never for an interrupt), once it is logged
   * and the player told: the Server reports it on the MudInfo channel.
   */
  onError?: (err: unknown, info: CommandErrorInfo) => void;
}

/** Where a command failed, for `onError`. */
export interface CommandErrorInfo {
  /** The command's key, or null when it failed before one was chosen. */
  readonly command: string | null;
  readonly line: string;
  /** The typing session, or null for a command an object ran. */
  readonly sessid: number | null;
}

const NO_BYPASS = Object.freeze({ noSuperuserBypass: true });
const NO_SWITCHES: readonly string[] = Object.freeze([]);
const SUGGESTIONS = 3;
const SYSTEM_ORIGIN = Object.freeze({ key: 'system', owner: null });

export class CommandHandler implements ExecutionHost {
  readonly recursionLimit: number;
  private readonly lockFuncs: LockFuncRegistry;
  private readonly log: Logger;
  private readonly useCache: boolean;
  private readonly cache: MergeCache;
  private readonly askTimeoutSeconds: number;
  private readonly msgAllSessions: boolean;
  private readonly onPause: (() => void) | undefined;
  private readonly onError: CommandHandlerOptions['onError'];
  private readonly pending = new PendingInputs<Execution>();
  private readonly fallback: { noInput: Command; noMatch: Command; multiMatch: Command };

  constructor(options: CommandHandlerOptions) {
    this.lockFuncs = options.lockFuncs;
    this.log = options.log;
    this.useCache = options.cache ?? true;
    this.cache = new MergeCache(options.cacheSize);
    this.recursionLimit = options.recursionLimit ?? 10;
    this.askTimeoutSeconds = options.askTimeoutSeconds ?? 300;
    this.msgAllSessions = options.msgAllSessions ?? false;
    this.onPause = options.onPause;
    this.onError = options.onError;
    this.fallback = {
      noInput: this.systemDefault(new NoInputCommand()),
      noMatch: this.systemDefault(new NoMatchCommand()),
      multiMatch: this.systemDefault(new MultiMatchCommand()),
    };
  }

  /**
   * Handle one line. Resolves when its command has finished or is waiting for an answer (so
   * the session's next line can be delivered as that answer); never rejects.
   */
  run(ctx: CallerContext, line: string): Promise<void> {
    if (ctx.session === null && ctx.puppet === null) {
      return Promise.reject(
        new WaystoneError('COMMAND_NO_CALLER', 'A command needs a session or an object to run as.'),
      );
    }
    const waiter = ctx.session === null ? undefined : this.pending.take(ctx.session);
    if (waiter !== undefined) {
      const turn = waiter.owner.beginTurn();
      waiter.answer(line);
      return turn;
    }
    const execution = new Execution(this, ctx);
    const turn = execution.beginTurn();
    void this.executeLine(execution, line, 1).then(() => execution.finishTurn());
    return turn;
  }

  /** Is a command on this session waiting for an answer? */
  isWaitingForInput(session: CommandSession): boolean {
    return this.pending.has(session);
  }

  /** Cancel a pending question (e.g. the session disconnected): the command is interrupted. */
  cancelInput(session: CommandSession): boolean {
    const waiter = this.pending.take(session);
    waiter?.cancel(new InterruptCommand('', 'cancelled'));
    return waiter !== undefined;
  }

  /** The caller's merged cmdset (from the cache when possible). */
  merged(ctx: CallerContext): CmdSet {
    return this.mergedEntry(ctx).cmdset;
  }

  cacheStats(): MergeCacheStats {
    return this.cache.stats();
  }

  clearCache(): void {
    this.cache.clear();
  }

  /** @internal ExecutionHost: run one line as part of `run`, at a nesting depth (1 = typed). */
  async executeLine(run: Execution, line: string, depth: number): Promise<void> {
    const ctx = run.ctx;
    let command: Command | null = null;
    try {
      if (depth > this.recursionLimit) {
        this.log.warn({ sessid: ctx.session?.sessid, line, depth }, 'command recursion limit');
        tell(ctx, `Command recursion limit (${this.recursionLimit}) reached for '${line}'.`);
        return;
      }
      const { cmdset, index } = this.mergedEntry(ctx);
      const subject = subjectOf(ctx);
      const trimmed = line.trim();
      if (trimmed === '') {
        command = this.instantiate(
          index.noInput ?? this.fallback.noInput,
          run,
          subject,
          cmdset,
          line,
          depth,
        );
      } else {
        const result = matchCommand(index, trimmed, subject, this.canUse);
        if (result.kind === 'one') {
          command = this.instantiate(result.match.command, run, subject, cmdset, line, depth);
          fillArgs(command, result.match);
        } else if (result.kind === 'none') {
          const sys = this.instantiate(
            index.noMatch ?? this.fallback.noMatch,
            run,
            subject,
            cmdset,
            line,
            depth,
          ) as SystemCommand;
          sys.args = trimmed;
          sys.suggestions = this.suggestions(index, trimmed, subject);
          command = sys;
        } else {
          const sys = this.instantiate(
            index.multiMatch ?? this.fallback.multiMatch,
            run,
            subject,
            cmdset,
            line,
            depth,
          ) as SystemCommand;
          sys.args = trimmed;
          sys.matches = result.matches;
          command = sys;
        }
      }
      await runLifecycle(command);
    } catch (err) {
      this.report(err, ctx, line, command);
    }
  }

  /** @internal ExecutionHost: a command is about to pause. */
  pausing(): void {
    this.onPause?.();
  }

  /** @internal ExecutionHost: send a question and wait for the session's next line. */
  waitForAnswer(
    run: Execution,
    session: CommandSession,
    question: string,
    timeoutSeconds: number | undefined,
  ): Promise<string> {
    // An empty question: the command already sent its own prompt (e.g. one that hides input).
    if (question !== '') session.msg(question);
    const answer = this.pending.wait(
      session,
      run,
      (timeoutSeconds ?? this.askTimeoutSeconds) * 1000,
    );
    run.finishTurn();
    return answer;
  }

  private mergedEntry(ctx: CallerContext): MergedEntry {
    const sets: CmdSet[] = [];
    const localFrom = this.gather(ctx, sets);
    if (this.useCache) return this.cache.resolve(sets, localFrom, this.build);
    this.cache.countMiss();
    return this.build(sets, localFrom);
  }

  /** Fill `sets` in gathering order; returns where the local sources' sets begin. */
  private gather(ctx: CallerContext, sets: CmdSet[]): number {
    if (ctx.sessionCmdset !== null) pushAll(sets, ctx.sessionCmdset.all());
    if (ctx.sessionOwnCmdset) pushAll(sets, ctx.sessionOwnCmdset.all());
    if (ctx.account !== null) pushAll(sets, ctx.account.cmdset.all());
    if (ctx.puppet !== null) pushAll(sets, ctx.puppet.cmdset.all());
    const localFrom = sets.length;
    if (ctx.localSources === undefined) return localFrom;
    const noObjs = mergedOption(sets, 'noObjs') === true;
    const noExits = mergedOption(sets, 'noExits') === true;
    const noChannels = mergedOption(sets, 'noChannels') === true;
    const subject = subjectOf(ctx);
    for (const source of ctx.localSources()) {
      if ((source as unknown) === ctx.puppet) continue;
      if (source.kind === 'channel' ? noChannels : noObjs || (source.kind === 'exit' && noExits)) {
        continue;
      }
      // Most things in a room offer no commands — shared sets (every character's default set)
      // are each owner's own and never lent — so skip them before any lock is checked.
      if (!source.cmdset.lendsCommands) continue;
      // Superusers do not see the commands of things they could not call (Evennia does the same).
      if (!source.locks.check(subject, 'call', false, NO_BYPASS)) continue;
      for (const set of source.cmdset.all()) if (!set.shared) sets.push(set);
    }
    return localFrom;
  }

  private readonly build = (sets: readonly CmdSet[], localFrom: number): MergedEntry => {
    const local = new Set(sets.slice(localFrom));
    // Sets on objects keep duplicates unless they say otherwise: two buttons in a room each
    // offer `push`, and the player picks with `1-push` / `2-push`.
    const cmdset = mergeByPriority(sets, {
      duplicatesFor: (set) => set.duplicates ?? local.has(set),
    });
    for (const cmd of cmdset.commands)
      if (cmd.lockHandler === null) compileCommandLocks(cmd, this.lockFuncs);
    for (const cmd of cmdset.systemCommands)
      if (cmd.lockHandler === null) compileCommandLocks(cmd, this.lockFuncs);
    return { cmdset, index: new CommandIndex(cmdset) };
  };

  private readonly canUse: CanUse = (cmd, subject) =>
    cmd.lockHandler?.check(subject, 'cmd') === true;

  /**
   * Commands close to the first word typed, by their keys: a typo of an alias (`doign`) offers
   * its command's key (`who`), never the alias. Only commands the caller may use and see (`cmd`
   * and `view` locks) and that `help` lists (`autoHelp`) are offered — exits aside, which `look`
   * lists instead.
   */
  private suggestions(index: CommandIndex, line: string, subject: LockSubject): string[] {
    const typed = line.split(/[\s/]/, 1)[0] ?? '';
    const keys = new Map<string, string>();
    for (const name of index.closeNames(typed)) {
      for (const { command } of index.exact.byName.get(name) ?? []) {
        const key = command.key.toLowerCase();
        if (key === typed.toLowerCase() || !this.suggestible(command, subject)) continue;
        if (!keys.has(key)) keys.set(key, command.key);
      }
      if (keys.size >= SUGGESTIONS) break;
    }
    return [...keys.values()].slice(0, SUGGESTIONS);
  }

  private suggestible(command: Command, subject: LockSubject): boolean {
    const owner = command.origin?.owner as { kind?: unknown } | null | undefined;
    const listed = command.autoHelp || owner?.kind === 'exit';
    return listed && this.canUse(command, subject) && command.access(subject, 'view', true);
  }

  private instantiate(
    template: Command,
    run: Execution,
    subject: LockSubject,
    cmdset: CmdSet,
    line: string,
    depth: number,
  ): Command {
    const ctx = run.ctx;
    // A fresh object per run whose prototype is the command in the cmdset: it sees the
    // author's fields and methods, and keeps its own per-run state.
    const cmd = Object.create(template) as Command;
    // A context without a session always has a puppet (the object running the command).
    cmd.caller = (ctx.puppet ?? ctx.account ?? ctx.session) as CommandCaller;
    cmd.session = ctx.session;
    cmd.account = ctx.account;
    cmd.subject = subject;
    cmd.receiver = ctx.puppet ?? ctx.account;
    cmd.cmdset = cmdset;
    // A shared set (the default account and character sets) has no owner of its own.
    cmd.obj = template.origin?.shared === true ? cmd.caller : (template.origin?.owner ?? null);
    cmd.rawString = line;
    cmd.runtime = run;
    cmd.depth = depth;
    // On the copy only: the command in the cmdset keeps "undefined: take the setting".
    if (template.msgAllSessions === undefined) cmd.msgAllSessions = this.msgAllSessions;
    return cmd;
  }

  private report(err: unknown, ctx: CallerContext, line: string, command: Command | null): void {
    const sessid = ctx.session?.sessid ?? null;
    try {
      if (err instanceof InterruptCommand) {
        if (err.notice !== '') tell(ctx, err.notice);
        return;
      }
      this.log.error(
        { err, sessid, objectId: objectIdOf(ctx), command: command?.key ?? null, line },
        'error in command',
      );
      // Never the error's own message: a storage error's names the database file or host.
      tell(ctx, isStorageError(err) ? STORAGE_ERROR_NOTICE : GAME_ERROR_NOTICE);
      this.onError?.(err, { command: command?.key ?? null, line, sessid });
    } catch (reportErr) {
      this.log.error({ err: reportErr, sessid }, 'could not report a command error');
    }
  }

  private systemDefault(cmd: Command): Command {
    prepareCommand(cmd, SYSTEM_ORIGIN, this.lockFuncs);
    return cmd;
  }
}

/**
 * A notice from the handler itself: to the session that typed the line, or — for a command an
 * object runs (no session) — to whoever puppets that object (nobody: dropped).
 */
function tell(ctx: CallerContext, text: string): void {
  if (ctx.session !== null) ctx.session.msg(text);
  else ctx.puppet?.msg(text);
}

function objectIdOf(ctx: CallerContext): number | undefined {
  if (ctx.session !== null) return undefined;
  const id = (ctx.puppet as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? id : undefined;
}

function subjectOf(ctx: CallerContext): LockSubject {
  return ctx.puppet ?? ctx.account ?? ANONYMOUS_SUBJECT;
}

function pushAll(target: CmdSet[], sets: readonly CmdSet[]): void {
  for (const set of sets) target.push(set);
}

/** `look/a/b  at box` → cmdstring 'look', switches ['a','b'], args 'at box'. */
function fillArgs(cmd: Command, match: CommandMatch): void {
  cmd.cmdstring = match.cmdname;
  const rest = match.rest;
  if (rest.charCodeAt(0) !== 47 /* '/' */) {
    cmd.switches = NO_SWITCHES;
    cmd.args = rest.trim();
    return;
  }
  const space = rest.search(/\s/);
  const spec = space === -1 ? rest : rest.slice(0, space);
  cmd.switches = spec
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.toLowerCase());
  cmd.args = space === -1 ? '' : rest.slice(space).trim();
}

async function runLifecycle(cmd: Command): Promise<void> {
  const abort = cmd.atPreCmd();
  if (isPromiseLike(abort) ? await abort : abort) return;
  const parsed = cmd.parse();
  if (parsed !== undefined) await parsed;
  const done = cmd.func();
  if (done !== undefined) await done;
  const post = cmd.atPostCmd();
  if (post !== undefined) await post;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
