/**
 * How a game plugs its own code into the Server. A game directory may have a `game.ts` whose
 * default export is `setup(game)`; the Server calls it once at start (and a reload starts a new
 * Server, which imports the game's code afresh — that is how code changes go live).
 *
 *   // mygame/game.ts
 *   import type { GameSetup } from 'waystone';
 *   import { CmdRoll } from './commands/roll.ts';
 *
 *   export default function setup(game: GameSetup): void {
 *     game.extendCmdSet('account', (set) => set.add(new CmdRoll()));
 *   }
 *
 * An error thrown here stops the Server from starting, with the error in logs/server.log and
 * in what `waystone start` prints: a game with broken code never half-runs.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../config/load.ts';
import { WaystoneError } from '../shared/errors.ts';
import { importGameModule } from '../shared/game-code/game-code.ts';
import type { AccountClass } from './accounts/account.ts';
import type { CmdSet } from './commands/cmdset.ts';
import type { CmdSetRegistry } from './commands/cmdset-registry.ts';
import type { HelpEntryRegistry } from './commands/help-entries.ts';
import type { GameServices } from './game-services.ts';
import type { InputFuncRegistry } from './inputfuncs/registry.ts';
import type { ClientVariables } from './monitoring/client-variables.ts';
import type { LockFuncRegistry } from './locks/lock-funcs.ts';
import type { LineEditors } from './editor/line-editor.ts';
import type { Menus } from './menus/menus.ts';
import type { ChannelClass } from './comms/channel.ts';
import type { DefaultObject, ObjectClass } from './objects/object.ts';
import type { PrototypeRegistry } from './prototypes/registry.ts';
import type { ScriptClass } from './scripts/script.ts';
import type { ServerSession, SessionClass } from './sessions/server-session.ts';
import type { InlineFuncRegistry } from './text-ui/inline-funcs.ts';

/** The default cmdsets a game can add commands to. */
export type DefaultCmdSetName = 'unloggedin' | 'session' | 'account';

export interface GameSetup {
  readonly config: Config;
  /** Running services (login, sessions, accounts…) for commands that need them. */
  readonly services: GameServices;
  /**
   * Add commands to (or remove them from) a default cmdset. `fn` runs once, when the set is
   * built; each default set is one instance shared by every session, account or character
   * (`CmdSet.shared`), so a command in it keeps no per-player state between runs.
   */
  extendCmdSet(which: DefaultCmdSetName, fn: (set: CmdSet) => void): void;
  /** Cmdset classes by stable name, for sets stored on accounts and objects. */
  readonly cmdsets: CmdSetRegistry;
  /**
   * Extra help topics that are not commands: `helpEntries.add({ key, category, text })`. The
   * game's `help/*.md` files are in it already; entries builders write with `sethelp` show
   * instead of one of the same name.
   */
  readonly helpEntries: HelpEntryRegistry;
  /**
   * Prototypes for `spawn` (server/prototypes/): `prototypes.register({ prototypeKey: 'goblin',
   * key: 'goblin', attributes: { hp: { $random: [5, 10] } } })`. Read-only in game; builders
   * keep their own with `spawn/save`.
   */
  readonly prototypes: PrototypeRegistry;
  /**
   * Menus by name (server/menus/): `menus.register('chargen', nodes)`; start one from a command
   * with `services.menus.start(session, 'chargen')`. A menu named 'chargen' replaces Waystone's
   * own character creation (`charcreate` with no name, the character menu's "Create").
   */
  readonly menus: Menus;
  /**
   * The line editor's save handlers by name (server/editor/): `editors.register('motd', fn)`,
   * then `services.editors.start(session, { title, initial, save: 'motd', key })`.
   */
  readonly editors: LineEditors;
  /** Lock functions usable in lock strings (`myfunc(arg)`). */
  readonly lockFuncs: LockFuncRegistry;
  /**
   * Inline functions for messages sent with `inlineFuncs: true` (server/text-ui/inline-funcs.ts):
   * the built-ins are actor stance (`$You() $conj(open) $obj(door, the).`); add a game's own
   * with `inlineFuncs.register('name', (args, ctx) => text)`.
   */
  readonly inlineFuncs: InlineFuncRegistry;
  /** Inputfuncs: OOB calls clients may make. */
  readonly inputfuncs: InputFuncRegistry;
  /**
   * What MUD clients may read and watch of their player (GMCP `Char.Value.Get`,
   * `Char.Monitor.Update`, MSDP `REPORT`/`SEND`): `clientVariables.attribute('hp', { msdp:
   * 'HEALTH' })` lets a client follow the puppet's `hp`. Name and location are there already.
   */
  readonly clientVariables: ClientVariables;
  /** An account class, stored by `name`; with `{ default: true }` new accounts use it. */
  registerAccountClass(
    name: string,
    cls: AccountClass<ServerSession>,
    options?: { default?: boolean },
  ): void;
  /**
   * An object class, stored by `name` (keep the name stable: stored objects find their class
   * by it). Register every class the world uses here, before it loads.
   */
  registerTypeclass(name: string, cls: ObjectClass): void;
  /**
   * A channel class (a subclass of DefaultChannel), stored by `name` like object typeclasses;
   * with `{ default: true }` channels made without a typeclass use it (`channel/create` and the
   * default channels). `channel/create name:GuildChannel` names one.
   */
  registerChannelClass(name: string, cls: ChannelClass, options?: { default?: boolean }): void;
  /**
   * The class every session is built with, a subclass of ServerSession (Evennia's
   * SERVER_SESSION_CLASS): at connect and when sessions are rebuilt after a reload. Its hooks
   * run in the order written at the top of server-session.ts; a constructor or atSync that
   * throws is logged (SESSION_CLASS) and that session falls back to ServerSession.
   */
  registerSessionClass(cls: SessionClass): void;
  /**
   * A script class, stored by `name` (keep it stable: stored scripts find their class by it).
   * Persistent scripts need one; register them before the world loads.
   */
  registerScript(name: string, cls: ScriptClass): void;
  /**
   * Run `build(limbo)` once in the game's life: on the very first start, after Limbo is made
   * (`services.objects` creates rooms, exits and things). Later starts load what it built.
   */
  onWorldCreated(build: WorldBuilder): void;
}

/** Builds the game's first world, once, right after Limbo is made (see `onWorldCreated`). */
export type WorldBuilder = (limbo: DefaultObject) => void | Promise<void>;

export type GameSetupFunction = (game: GameSetup) => void | Promise<void>;

export const GAME_ENTRY_FILE = 'game.ts';

/** The game's setup function, or null when the game directory has no game.ts. */
export async function loadGameSetup(gameDir: string): Promise<GameSetupFunction | null> {
  const file = resolve(gameDir, GAME_ENTRY_FILE);
  if (!existsSync(file)) return null;
  let mod: { default?: unknown };
  try {
    mod = (await importGameModule(gameDir, file)) as { default?: unknown };
  } catch (err) {
    throw new WaystoneError('GAME_CODE', `Could not load ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (typeof mod.default !== 'function') {
    throw new WaystoneError('GAME_CODE', `${file} must export default a setup(game) function.`);
  }
  return mod.default as GameSetupFunction;
}
