/**
 * What a game author writes to make a menu (Evennia's EvMenu, the TypeScript way): a menu is a
 * record of named nodes; a node is a function of the menu's context and the line that led to
 * it, returning its text and options; an option leads on by a node's name, by a function that
 * decides (after doing something), or ends the menu with `null`.
 *
 *   const nodes: MenuNodes<{ name?: string }> = {
 *     start: () => ({
 *       text: 'What is your name?',
 *       options: [{ key: '_default', goto: (ctx, input) => {
 *         if (input.length < 2) return { error: 'At least two letters, please.' };
 *         ctx.state.name = input;
 *         return 'confirm';
 *       } }],
 *     }),
 *     confirm: (ctx) => ({
 *       text: `You are ${ctx.state.name}?`,
 *       options: [
 *         { key: ['y', 'yes'], desc: 'Yes', goto: null },
 *         { key: ['n', 'no'], desc: 'No, start again', goto: 'start' },
 *       ],
 *     }),
 *   };
 *   game.menus.register('naming', nodes);
 *
 * A node only describes: it may run again (`look`, after a reload), so it must not change the
 * world; goto functions do. The state is plain JSON, saved with the player's place after every
 * step (in the session's `serverData`, which the Portal keeps over a reload).
 */
import type { DefaultAccount } from '../accounts/account.ts';
import type { GameServices } from '../game-services.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { ServerSession } from '../sessions/server-session.ts';

/** The option key that catches any line no other option takes (Evennia's `_default`). */
export const DEFAULT_OPTION = '_default';

/** What a node or goto function sees: who is in the menu, and the menu's own state. */
export interface MenuContext<S extends object = Record<string, unknown>> {
  /** The session the menu runs on (a menu belongs to one session). */
  readonly session: ServerSession;
  readonly account: DefaultAccount<ServerSession> | null;
  /** The session's puppet, or null out of character. */
  readonly puppet: DefaultObject | null;
  readonly services: GameServices;
  /** The menu's registered name and the node being shown or left. */
  readonly menu: string;
  readonly node: string;
  /**
   * The menu's state: change it freely. It must stay plain JSON (no functions, class
   * instances or cycles); it is saved after each step that completes (MENU_STATE_INVALID).
   */
  state: S;
  /** Send text to the menu's session. */
  msg(text: string): void;
  /** Leave this menu for another (its state starts afresh, or from `state`). */
  startMenu(name: string, options?: StartMenuOptions): Promise<void>;
}

/**
 * Where an option leads:
 *   a node's name     that node is shown next;
 *   null              the menu ends;
 *   a function        it decides, after doing what it does (see GotoResult);
 *   omitted           the same node is shown again.
 */
export type MenuGoto<S extends object = Record<string, unknown>> = string | null | GotoFunction<S>;

/**
 * What a goto function returns: a node's name (shown next), null (the menu ends), undefined
 * (this node again), or `{ error }`: the player is told and stays where they were (input
 * validation). It may be async; a throw is reported like a failing command and the player
 * stays where they were, the state as it was.
 */
export type GotoResult = string | null | undefined | { readonly error: string };

export type GotoFunction<S extends object = Record<string, unknown>> = (
  ctx: MenuContext<S>,
  input: string,
) => GotoResult | Promise<GotoResult>;

export interface MenuOption<S extends object = Record<string, unknown>> {
  /**
   * What the player types to choose it (any case): one key or several (`['y', 'yes']`), the
   * first one shown. Without a key the option is numbered (1, 2, 3… in order). `_default`
   * takes any line no other option does, the line passed to its goto function.
   */
  readonly key?: string | readonly string[];
  /** What the menu shows for it. */
  readonly desc?: string;
  readonly goto?: MenuGoto<S>;
}

export interface MenuNodeResult<S extends object = Record<string, unknown>> {
  readonly text: string;
  /** What `help` shows at this node (a short default explains how menus work). */
  readonly help?: string;
  /** None (or an empty list): the menu ends once the text is shown. */
  readonly options?: readonly MenuOption<S>[];
}

/**
 * A node: its text and options for this context. `input` is the line that led here ('' at
 * the start). Returning null ends the menu without showing anything.
 */
export type MenuNode<S extends object = Record<string, unknown>> = (
  ctx: MenuContext<S>,
  input: string,
) => MenuNodeResult<S> | null | Promise<MenuNodeResult<S> | null>;

export type MenuNodes<S extends object = Record<string, unknown>> = Readonly<
  Record<string, MenuNode<S>>
>;

/** Why a menu ended: an option led out (`end`), or the player typed `quit`. */
export type MenuEndReason = 'end' | 'quit';

export interface MenuSettings<S extends object = Record<string, unknown>> {
  /** The node a start shows first (default 'start'). */
  readonly startNode?: string;
  /** `quit`/`q`/`exit` leave the menu (default true). false: the menu must offer its own way out. */
  readonly allowQuit?: boolean;
  /**
   * A screen with numbered shortcuts rather than a dialogue (the character screen): a line that
   * is no option (nor `look`) leaves the menu, quietly, and runs as a command — `help` and
   * `quit` included. A node with a `_default` option still takes every line. Default false.
   */
  readonly passThrough?: boolean;
  /**
   * When the menu ends or is quit: a command line to run as the player (Evennia's
   * cmd_on_exit, default 'look'), a function, or null for nothing. Not run when the menu is
   * left for another, nor when a pass-through menu is left by a command. A command line runs
   * only when a typed line ended the menu (every ending but a start whose first node has no
   * options).
   */
  readonly onExit?:
    string | ((ctx: MenuContext<S>, reason: MenuEndReason) => void | Promise<void>) | null;
  /** When a game registers a menu of the same name, it replaces this one (Waystone's own). */
  readonly replaceable?: boolean;
}

export interface StartMenuOptions {
  /** The node to show first (default: the menu's `startNode`). */
  readonly startNode?: string;
  /** The state to start with (plain JSON; default {}). */
  readonly state?: object;
}
