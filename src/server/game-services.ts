/**
 * What the default commands need from the running Server, built once by the composition root
 * and handed to the cmdsets' constructors. Commands never reach for process-wide state.
 */
import type { Config } from '../config/load.ts';
import type { StopMode } from '../link/messages.ts';
import type { AccountManager } from './accounts/account-manager.ts';
import type { AccessGuard } from './login/access-guard.ts';
import type { BuildRunner } from './batch/build-runner.ts';
import type { HelpEntryRegistry } from './commands/help-entries.ts';
import type { PrototypeRegistry } from './prototypes/registry.ts';
import type { ChannelManager } from './comms/channel-manager.ts';
import type { Nicks } from './comms/nicks.ts';
import type { LineEditors } from './editor/line-editor.ts';
import type { Menus } from './menus/menus.ts';
import type { Bridges } from './bridges/bridges.ts';
import type { DefaultObject } from './objects/object.ts';
import type { ObjectManager } from './objects/object-manager.ts';
import type { Puppeting } from './puppeting/puppeting.ts';
import type { LoginService } from './login/login-service.ts';
import type { ServerSession } from './sessions/server-session.ts';
import type { ServerSessionHandler } from './sessions/server-session-handler.ts';
import type { CommandMeter } from './commands/default/system/command-meter.ts';
import type { Delays } from './scripts/delays.ts';
import type { ScriptManager } from './scripts/script-manager.ts';
import type { Tickers } from './scripts/tickers.ts';
import type { Clock } from './timing/clock.ts';
import type { GameTime } from './timing/game-time.ts';
import type { TimerQueue } from './timing/timer-queue.ts';

export interface GameServices {
  readonly config: Config;
  readonly version: string;
  readonly sessions: ServerSessionHandler;
  readonly accounts: AccountManager<ServerSession>;
  readonly login: LoginService;
  readonly guard: AccessGuard;
  /** Every object in the world: create, find, search, delete. */
  readonly objects: ObjectManager;
  /** Characters and who controls them (ic/ooc, charcreate, the multisession rules). */
  readonly puppeting: Puppeting;
  /** The world's time (a SystemClock; the WorldTestKit's is virtual): read `now()` here. */
  readonly clock: Clock;
  /** The one timer structure every script, ticker, delay and game-time schedule is on. */
  readonly timers: TimerQueue;
  /** The game's clock and calendar: `gameTime.components()`, `realMsUntil`, `schedule`. */
  readonly gameTime: GameTime;
  /** Scripts: `scripts.add(Toll, { obj: bell })`, `scripts.find({ key })` (scripts/script.ts). */
  readonly scripts: ScriptManager;
  /** Tickers: `tickers.add(30, torch, 'flicker')` — many objects, one timer per interval. */
  readonly tickers: Tickers;
  /** Delays: `delays.run(2, fn)` in memory, `await delays.call(30, bomb, 'explode')` stored. */
  readonly delays: Delays;
  /** Command lines run (typed and `obj.execute`d): a total and a rate, for `server`. */
  readonly commandMeter: CommandMeter;
  /** Channels: find, create, join, speak, history (comms/channel-manager.ts). */
  readonly channels: ChannelManager;
  /** Players' nicks: their own replacements for what they type (comms/nicks.ts). */
  readonly nicks: Nicks;
  /** Menus: `menus.start(session, 'chargen')`; a game registers its own (menus/menus.ts). */
  readonly menus: Menus;
  /** The line editor: `editors.start(session, { title, initial, save, key })` (editor/). */
  readonly editors: LineEditors;
  /** Channels relayed to IRC and feeds (`irc2chan`, `rss2chan`; bridges/bridges.ts). */
  readonly bridges: Bridges;
  /** Prototypes from the game's code and builders': `spawn`, `spawn/update` (prototypes/). */
  readonly prototypes: PrototypeRegistry;
  /** Help topics beyond the commands' own: the game's, its help files', and `sethelp`'s. */
  readonly help: HelpEntryRegistry;
  /** Build files: `builds.run(build)`, `builds.runFile('world/build.ts')` (batch/). */
  readonly builds: BuildRunner;
  /** The starting room: where new characters appear and homeless things go. */
  startRoom(): DefaultObject;
  /** The text shown before login. */
  connectionScreen(): string;
  /** Seconds since the Portal started (a reload does not reset it). */
  uptimeSeconds(): number;
  /**
   * Ask the Portal for a reload, reset or shutdown (admin commands). A reload or reset starts
   * only once the new Server has loaded the game's code; if it cannot, this Server keeps serving
   * and `requester` is told why.
   */
  requestStop(
    mode: StopMode,
    all: boolean,
    reason: string,
    requester?: { readonly sessid: number },
  ): void;
}
