/**
 * Menus (Evennia's EvMenu): the registry of a game's menus and the engine that runs them, one
 * menu at a time per session. Nodes and options are written as menu-types.ts shows;
 * `game.menus.register('chargen', nodes)` in the game's setup, then from any command:
 *
 *   await this.services.menus.start(this.session, 'chargen', { state: { race: 'elf' } });
 *
 * Running a menu puts a line-capturing cmdset (commands/line-capture.ts) on that one session, so
 * each line the player types there is the menu's, and the account's other sessions go on as
 * before. What a line does, in order:
 *
 *   1. an option's key or number     follow that option
 *   2. `look` / `l`                  show the node again
 *   3. `help` / `h`                  the node's help (or how menus work)      } not in a
 *   4. `quit` / `q` / `exit`         leave, unless the menu forbids it        } pass-through menu
 *   5. the node has a `_default`     follow it with the line (validation: `{ error }`)
 *   6. an empty line                 show the node again
 *   7. a pass-through menu           leave quietly and run the line as a command
 *   8. anything else                 "not one of the choices"
 *
 * The player's place survives a reload: the cmdset is stored by its registered name and the
 * place (menu, node, JSON state, the line that led there) in the session's `serverData`
 * (menu-record.ts), which the Portal holds; after a reload the node is shown again. A step
 * commits whole or not at all as far as the menu goes: if a goto function or the next node
 * throws, the player stays where they were with the state as it was (what the function did to
 * the world is its own), and the error is reported as a failing command's is. A node that
 * cannot even be shown again (its code changed under a reload) closes the menu instead of
 * trapping the player in it.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { WaystoneError } from '../../shared/errors.ts';
import type { DefaultAccount } from '../accounts/account.ts';
import type { CmdSetClass } from '../commands/cmdset.ts';
import type { CmdSetRegistry } from '../commands/cmdset-registry.ts';
import type { Command } from '../commands/command.ts';
import { lineCaptureCmdSet, type CaptureSession } from '../commands/line-capture.ts';
import type { GameServices } from '../game-services.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import {
  clearMenuRecord,
  plainState,
  readMenuRecord,
  writeMenuRecord,
  type MenuRecord,
} from './menu-record.ts';
import { chosenOption, prepareNode, renderNode, type ShownNode } from './menu-render.ts';
import type {
  GotoResult,
  MenuContext,
  MenuEndReason,
  MenuGoto,
  MenuNodeResult,
  MenuNodes,
  MenuSettings,
  StartMenuOptions,
} from './menu-types.ts';

/** The registered name of the menus' cmdset (kept in `serverData.cmdsets` over a reload). */
export const MENU_CMDSET = 'waystone:menu';
/** Longest menu name. */
const MAX_NAME_LENGTH = 80;
const QUIT_WORDS = new Set(['quit', 'q', 'exit']);

export const MENU_MESSAGES = {
  noMatch: "That is not one of the choices: type its number or key ('help' explains).",
  left: 'You leave the menu.',
  gone: 'The menu you were in is no longer there (the game changed); you are out of it.',
  failed: 'That menu failed and was closed.',
  help: (quit: boolean) =>
    `Choose an option by typing its number or key. "look" shows the choices again` +
    (quit ? '; "quit" leaves the menu.' : '.'),
} as const;

/** What the menus need of a session; the Server's ServerSession fits it. */
export type MenuSession = CaptureSession;

export interface MenusOptions {
  /** The game's cmdset registry: the menus' set is registered in it (MENU_CMDSET). */
  cmdsets: CmdSetRegistry;
  /** What nodes see as `ctx.services` (asked for when a menu runs: built after the menus). */
  services: () => GameServices;
  /** The session's puppet, or null. */
  puppetOf: (session: MenuSession) => DefaultObject | null;
  /** Push the session's `serverData` to the Portal: its place must outlive a reload or crash. */
  sync: (session: MenuSession) => void;
  log: Logger;
}

type State = Record<string, unknown>;

interface MenuDefinition {
  readonly name: string;
  readonly nodes: MenuNodes<State>;
  readonly startNode: string;
  readonly allowQuit: boolean;
  readonly passThrough: boolean;
  readonly onExit: MenuSettings<State>['onExit'];
  readonly replaceable: boolean;
}

/** One step of one menu on one session: where it is, and the command that drives it, if any. */
interface Run {
  readonly session: MenuSession;
  readonly def: MenuDefinition;
  record: MenuRecord;
  readonly driver: Command | null;
}

export class Menus {
  readonly #opts: MenusOptions;
  readonly #defs = new Map<string, MenuDefinition>();
  /** What each session was last shown, so a typed key means what the player saw. */
  readonly #shown = new WeakMap<MenuSession, { run: string; node: string; shown: ShownNode }>();
  readonly #setClass: CmdSetClass;

  constructor(options: MenusOptions) {
    this.#opts = options;
    this.#setClass = lineCaptureCmdSet('Menu', { line: (cmd) => this.#line(cmd) });
    options.cmdsets.register(MENU_CMDSET, this.#setClass);
  }

  /**
   * Register a menu by name. The name is taken once (MENU_INVALID), except that a game may
   * replace a menu Waystone registered as `replaceable` (its character creation, 'chargen').
   */
  register<S extends object = Record<string, unknown>>(
    name: string,
    nodes: MenuNodes<S>,
    settings: MenuSettings<S> = {},
  ): this {
    if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) {
      throw new WaystoneError(
        'MENU_INVALID',
        `A menu name must be 1 to ${MAX_NAME_LENGTH} characters.`,
      );
    }
    const existing = this.#defs.get(name);
    if (existing !== undefined && !existing.replaceable) {
      throw new WaystoneError('MENU_INVALID', `A menu named '${name}' is already registered.`);
    }
    if (typeof nodes !== 'object' || nodes === null) {
      throw new WaystoneError('MENU_INVALID', `Menu '${name}': its nodes must be an object.`);
    }
    for (const [key, node] of Object.entries(nodes)) {
      if (typeof node !== 'function') {
        throw new WaystoneError('MENU_INVALID', `Menu '${name}': node '${key}' is not a function.`);
      }
    }
    const startNode = settings.startNode ?? 'start';
    if (!Object.hasOwn(nodes, startNode)) {
      throw new WaystoneError('MENU_INVALID', `Menu '${name}' has no start node '${startNode}'.`);
    }
    this.#defs.set(name, {
      name,
      nodes: nodes as unknown as MenuNodes<State>,
      startNode,
      allowQuit: settings.allowQuit ?? true,
      passThrough: settings.passThrough ?? false,
      onExit: settings.onExit as MenuSettings<State>['onExit'],
      replaceable: settings.replaceable ?? false,
    });
    return this;
  }

  has(name: string): boolean {
    return this.#defs.has(name);
  }

  /** The registered menus' names. */
  names(): string[] {
    return [...this.#defs.keys()];
  }

  /** Where the session is: its menu's name, node and state (a copy), or null. */
  current(session: MenuSession): { name: string; node: string; state: State } | null {
    const record = readMenuRecord(session.serverData);
    if (record === null) return null;
    return { name: record.name, node: record.node, state: structuredClone(record.state) };
  }

  /**
   * Start a menu on `session`, replacing any menu it is in, and show its first node. `command`
   * (the command starting it) lets the menu run a command line should it end at once.
   * MENU_UNKNOWN when no menu has that name; MENU_INVALID for an unknown start node.
   */
  async start(
    session: MenuSession,
    name: string,
    options: StartMenuOptions = {},
    command: Command | null = null,
  ): Promise<void> {
    const def = this.#defs.get(name);
    if (def === undefined) {
      throw new WaystoneError('MENU_UNKNOWN', `No menu is registered as '${name}'.`);
    }
    const node = options.startNode ?? def.startNode;
    if (!Object.hasOwn(def.nodes, node)) {
      throw new WaystoneError('MENU_INVALID', `Menu '${name}' has no node '${node}'.`);
    }
    const run: Run = {
      session,
      def,
      record: { name, node, state: plainState(options.state ?? {}, name), input: '', run: runId() },
      driver: command,
    };
    writeMenuRecord(session.serverData, run.record);
    if (!session.cmdset.has(this.#setClass)) session.cmdset.add(this.#setClass);
    try {
      await this.#show(run, node, '');
    } catch (err) {
      if (!this.#replaced(run)) this.#close(session);
      throw err;
    }
  }

  /** Take the session out of its menu, quietly (no onExit). False when it was in none. */
  leave(session: MenuSession): boolean {
    const inMenu =
      readMenuRecord(session.serverData) !== null || session.cmdset.has(this.#setClass);
    if (inMenu) this.#close(session);
    return inMenu;
  }

  /**
   * After a reload: show the session's node again (its set and record came back with it). A
   * menu the game no longer has, or a node that fails, closes, and the player is told.
   */
  async resume(session: MenuSession): Promise<void> {
    // A new process has no memory of what was shown: the node is rendered afresh.
    this.#shown.delete(session);
    const record = readMenuRecord(session.serverData);
    const hasSet = session.cmdset.has(this.#setClass);
    if (record === null) {
      if (hasSet) this.#close(session);
      return;
    }
    const def = this.#defs.get(record.name);
    if (def === undefined || !Object.hasOwn(def.nodes, record.node)) {
      this.#close(session);
      session.msg(MENU_MESSAGES.gone);
      return;
    }
    if (!hasSet) session.cmdset.add(this.#setClass);
    const run: Run = { session, def, record, driver: null };
    try {
      const shown = await this.#current(run);
      if (shown !== null) session.msg(renderNode(shown));
    } catch (err) {
      this.#opts.log.error({ err, menu: record.name, node: record.node }, 'menu failed on resume');
      session.msg(MENU_MESSAGES.failed);
    }
  }

  // ---- one line -------------------------------------------------------------------------

  async #line(cmd: Command): Promise<void> {
    const session = cmd.session as MenuSession | null;
    if (session === null) return;
    const record = readMenuRecord(session.serverData);
    const def = record === null ? undefined : this.#defs.get(record.name);
    if (record === null || def === undefined || !Object.hasOwn(def.nodes, record.node)) {
      this.#close(session);
      session.msg(MENU_MESSAGES.gone);
      return;
    }
    const run: Run = { session, def, record, driver: cmd };
    const shown = await this.#current(run);
    if (shown === null) return;
    const text = cmd.rawString.trim();
    const word = text.toLowerCase();
    const option = chosenOption(shown, text);
    if (option !== undefined) return this.#follow(run, option.goto, text);
    if (word === 'look' || word === 'l') {
      session.msg(renderNode(shown));
      return;
    }
    if (!def.passThrough) {
      if (word === 'help' || word === 'h') {
        session.msg(shown.help ?? MENU_MESSAGES.help(def.allowQuit));
        return;
      }
      if (def.allowQuit && QUIT_WORDS.has(word)) {
        session.msg(MENU_MESSAGES.left);
        return this.#finish(run, 'quit');
      }
    }
    if (shown.fallback !== null) return this.#follow(run, shown.fallback.goto, text);
    if (text === '') {
      session.msg(renderNode(shown));
      return;
    }
    if (def.passThrough) {
      this.#close(session);
      await cmd.execute(cmd.rawString);
      return;
    }
    session.msg(MENU_MESSAGES.noMatch);
  }

  /** The node the session is at, as last shown (or rendered again, after a reload). */
  async #current(run: Run): Promise<ShownNode | null> {
    const cached = this.#shown.get(run.session);
    if (cached !== undefined && cached.run === run.record.run && cached.node === run.record.node) {
      return cached.shown;
    }
    const { record, def } = run;
    const node = def.nodes[record.node] as MenuNodes<State>[string];
    let result: MenuNodeResult<State> | null;
    let shown: ShownNode | null = null;
    try {
      const state = plainState(record.state, def.name);
      result = await node(this.#context(run, state, record.node), record.input);
      if (result !== null) shown = prepareNode(result, def.name, record.node);
    } catch (err) {
      // A node that cannot be shown again would trap the player: they are let out.
      if (!this.#replaced(run)) this.#close(run.session);
      run.session.msg(MENU_MESSAGES.failed);
      throw err;
    }
    if (this.#replaced(run)) return null;
    if (shown === null) {
      await this.#finish(run, 'end');
      return null;
    }
    this.#shown.set(run.session, { run: record.run, node: record.node, shown });
    return shown;
  }

  async #follow(run: Run, goto: MenuGoto | undefined, input: string): Promise<void> {
    if (goto === undefined) return this.#show(run, run.record.node, input);
    if (goto === null) return this.#finish(run, 'end');
    if (typeof goto === 'string') return this.#show(run, goto, input);
    const { def } = run;
    const ctx = this.#context(run, plainState(run.record.state, def.name), run.record.node);
    const result: GotoResult = await goto(ctx, input);
    if (this.#replaced(run)) return;
    run.record = { ...run.record, state: plainState(ctx.state, def.name) };
    if (isError(result)) {
      this.#save(run);
      run.session.msg(result.error);
      return this.#show(run, run.record.node, run.record.input);
    }
    if (result === null) return this.#finish(run, 'end');
    if (result === undefined) return this.#show(run, run.record.node, input);
    if (typeof result === 'string') return this.#show(run, result, input);
    throw new WaystoneError(
      'MENU_INVALID',
      `Menu '${def.name}', node '${run.record.node}': a goto function returned something that is not a node name, null, undefined or { error }.`,
    );
  }

  /** Run a node and show it; the place is saved only once it rendered. */
  async #show(run: Run, nodeName: string, input: string): Promise<void> {
    const { def, session } = run;
    const node = Object.hasOwn(def.nodes, nodeName) ? def.nodes[nodeName] : undefined;
    if (node === undefined) {
      throw new WaystoneError('MENU_INVALID', `Menu '${def.name}' has no node '${nodeName}'.`);
    }
    const ctx = this.#context(run, plainState(run.record.state, def.name), nodeName);
    const result = await node(ctx, input);
    if (this.#replaced(run)) return;
    if (result === null) return this.#finish(run, 'end');
    const shown = prepareNode(result, def.name, nodeName);
    run.record = { ...run.record, node: nodeName, state: plainState(ctx.state, def.name), input };
    this.#save(run);
    this.#shown.set(session, { run: run.record.run, node: nodeName, shown });
    session.msg(renderNode(shown));
    if (shown.options.length === 0 && shown.fallback === null) await this.#finish(run, 'end');
  }

  async #finish(run: Run, reason: MenuEndReason): Promise<void> {
    this.#close(run.session);
    const onExit = run.def.onExit === undefined ? 'look' : run.def.onExit;
    if (typeof onExit === 'function') {
      await onExit(this.#context(run, structuredClone(run.record.state), run.record.node), reason);
    } else if (typeof onExit === 'string' && run.driver !== null) {
      await run.driver.execute(onExit);
    }
  }

  #save(run: Run): void {
    writeMenuRecord(run.session.serverData, run.record);
    this.#opts.sync(run.session);
  }

  /** The session leaves its menu: place and set gone, the Portal told. */
  #close(session: MenuSession): void {
    clearMenuRecord(session.serverData);
    this.#shown.delete(session);
    // Removing the stored set syncs the session; without one to remove, sync here.
    if (session.cmdset.remove(this.#setClass) === 0) this.#opts.sync(session);
  }

  /** Another menu was started (or this one left) while this step ran: it stops here. */
  #replaced(run: Run): boolean {
    return readMenuRecord(run.session.serverData)?.run !== run.record.run;
  }

  #context(run: Run, state: State, node: string): MenuContext<State> {
    const { session } = run;
    return {
      session: session as unknown as ServerSession,
      account: (session.account ?? null) as DefaultAccount<ServerSession> | null,
      puppet: this.#opts.puppetOf(session),
      services: this.#opts.services(),
      menu: run.def.name,
      node,
      state,
      msg: (text) => session.msg(text),
      startMenu: (name, options) => this.start(session, name, options, run.driver),
    };
  }
}

function isError(result: GotoResult): result is { readonly error: string } {
  return (
    typeof result === 'object' &&
    result !== null &&
    typeof (result as { error?: unknown }).error === 'string'
  );
}

function runId(): string {
  return randomBytes(6).toString('hex');
}
