/**
 * A world to test commands in, without sockets: a real ObjectManager on an in-memory SQLite
 * database, Limbo, the default cmdsets on characters and exits (as the Server gives them), and
 * players whose characters stand in the world and whose sessions record what they are sent.
 * The Server's own tests use it, and game authors use it to test their rooms and typeclasses —
 * `setup` runs the game's `game.ts` setup as the Server would (typeclasses, world builders,
 * account-set extensions):
 *
 *   const kit = await WorldTestKit.open({ setup });
 *   const ann = await kit.player('Ann');
 *   expect(await kit.type(ann, 'look')).toContain('Limbo');
 *   await kit.close();
 *
 * Time is virtual: `kit.clock` stands still until `await kit.advance(ms)` moves it, running the
 * timers, game-time schedules and on-demand state that fall due on the way, so a test of
 * something that happens every game hour takes milliseconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { DEFAULT_SETTINGS } from '../../../../config/defaults.ts';
import { createLockFuncRegistry } from '../../../locks/builtin-lock-funcs.ts';
import type { LockSubject } from '../../../locks/lock-subject.ts';
import type { GameServices } from '../../../game-services.ts';
import type {
  DefaultCmdSetName,
  GameSetup,
  GameSetupFunction,
  WorldBuilder,
} from '../../../game-setup.ts';
import { InputFuncRegistry } from '../../../inputfuncs/registry.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import { ObjectManager } from '../../../objects/object-manager.ts';
import { TypeclassRegistry } from '../../../objects/typeclass-registry.ts';
import { openStorage } from '../../../storage/open-storage.ts';
import type { Storage } from '../../../storage/types.ts';
import type { Delays } from '../../../scripts/delays.ts';
import type { ScriptClass } from '../../../scripts/script.ts';
import type { ScriptManager } from '../../../scripts/script-manager.ts';
import { ScriptRegistry } from '../../../scripts/script-registry.ts';
import { createTimekeeping } from '../../../scripts/timekeeping.ts';
import type { Tickers } from '../../../scripts/tickers.ts';
import { GameTime, type GameTimeSettings } from '../../../timing/game-time.ts';
import { TimerQueue } from '../../../timing/timer-queue.ts';
import { VirtualClock } from '../../../timing/virtual-clock.ts';
import type { CallerContext } from '../../caller-context.ts';
import { CmdSet } from '../../cmdset.ts';
import { CmdSetHandler } from '../../cmdset-handler.ts';
import { CmdSetRegistry } from '../../cmdset-registry.ts';
import { CommandHandler } from '../../command-handler.ts';
import { HelpEntryRegistry } from '../../help-entries.ts';
import { objectCallerContext } from '../../object-context.ts';
import { CommandMeter } from '../system/command-meter.ts';
import { addDefaultCmdSets } from './default-cmdsets.ts';
import { BuildRunner } from '../../../batch/build-runner.ts';
import { loadHelpFiles } from '../../../help/help-files.ts';
import type { RandomSource } from '../../../prototypes/computed.ts';
import { PrototypeRegistry } from '../../../prototypes/registry.ts';
import { CmdHelp } from '../help.ts';
import type { LockFuncRegistry } from '../../../locks/lock-funcs.ts';
import { SESSION_CMDSETS_KEY } from '../../../sessions/server-session.ts';
import { Menus } from '../../../menus/menus.ts';
import { LineEditors } from '../../../editor/line-editor.ts';
import { registerDefaultEditors } from '../../../editor/default-editors.ts';
import { registerDefaultMenus } from '../account/character-menu.ts';
import { DEFAULT_PROTOCOL_FLAGS, type ProtocolFlags } from '../../../../shared/session-data.ts';
import { startPager } from '../../../text-ui/pager-cmdset.ts';

const silent = pino({ level: 'silent' });

/** A connection in the kit: records what it is sent. */
export class KitSession {
  readonly received: string[] = [];
  /** Every kit session is a logged-in player's. */
  readonly loggedIn = true;
  /** Non-persistent attributes, as a ServerSession has. */
  readonly ndb: Record<string, unknown> = {};
  /** Kept over a reload, as a ServerSession's: a menu's place, the line editor's text. */
  serverData: Record<string, unknown> = {};
  /**
   * The client's flags, as a fresh connection has them: set SCREENWIDTH, SCREENREADER, or
   * AUTORESIZE (a client that reported its size: paged) to test how text is laid out.
   */
  readonly protocolFlags: ProtocolFlags = { ...DEFAULT_PROTOCOL_FLAGS };
  #cmdset: CmdSetHandler | null = null;
  constructor(
    readonly sessid: number,
    readonly account: KitAccount,
    private readonly cmdsets: {
      lockFuncs: LockFuncRegistry;
      registry: CmdSetRegistry;
    } | null = null,
  ) {}
  /** Long text a page at a time, as a ServerSession pages it (text-ui/pager-cmdset.ts). */
  page(text: string): boolean {
    return startPager(this, text);
  }
  /** Cmdsets on this session alone (a menu, the line editor), stored by name in serverData. */
  get cmdset(): CmdSetHandler {
    if (this.#cmdset === null) {
      if (this.cmdsets === null) throw new Error('this kit session carries no cmdsets');
      this.#cmdset = new CmdSetHandler({
        owner: this,
        lockFuncs: this.cmdsets.lockFuncs,
        registry: this.cmdsets.registry,
        persistentByDefault: true,
        persistence: {
          save: (names) => {
            this.serverData[SESSION_CMDSETS_KEY] = names;
          },
        },
      });
    }
    return this.#cmdset;
  }
  get cmdsetIfMade(): CmdSetHandler | null {
    return this.#cmdset;
  }
  /**
   * What a reload does to a session: its serverData crosses the link (as JSON) and its own
   * cmdsets are built again from their stored names. Nothing else is kept in memory.
   */
  rebuild(): void {
    this.serverData = JSON.parse(JSON.stringify(this.serverData)) as Record<string, unknown>;
    this.#cmdset = null;
    const names = this.serverData[SESSION_CMDSETS_KEY];
    if (Array.isArray(names)) this.cmdset.restore(names as string[]);
  }
  msg(text: string): void {
    this.received.push(text);
  }
  /** Everything received since the last take. */
  take(): string[] {
    return this.received.splice(0);
  }
}

/** An account in the kit: a name, permissions, one session. */
export class KitAccount implements LockSubject {
  /** Set by `quell`/`unquell`, as on a real account. */
  quelled = false;
  readonly account = null;
  readonly sessions: KitSession[] = [];
  cmdset!: CmdSetHandler;
  constructor(
    readonly id: number,
    readonly name: string,
    readonly permissions: string[],
    readonly isSuperuser: boolean,
  ) {}
  msg(text: string, options?: { session?: { sessid: number } }): void {
    for (const s of this.sessions)
      if (!options?.session || options.session.sessid === s.sessid) s.msg(text);
  }
}

export interface KitPlayer {
  readonly name: string;
  readonly account: KitAccount;
  readonly session: KitSession;
  readonly character: DefaultObject;
  /** What this player was sent since the last take. */
  take(): string[];
}

export interface PlayerOptions {
  /** Account permissions (default ['Player']); ['Builder'] for the building commands. */
  permissions?: string[];
  superuser?: boolean;
  /** Where the character starts (default Limbo). */
  location?: DefaultObject;
}

export interface WorldTestKitOptions {
  /** The game's setup(game) from its game.ts: typeclasses, world builders, account commands. */
  setup?: GameSetupFunction;
  /** More world builders, run once after Limbo is made (after the game's). */
  build?: WorldBuilder;
  /** Game time settings (timeFactor, timeGameEpoch, timeUnits); the defaults otherwise. */
  gameTime?: Partial<GameTimeSettings>;
  /**
   * The game directory: its help files (help/*.md) are read, and `batchcode` and
   * `kit.builds.runFile` find build files in it. A fresh empty folder otherwise.
   */
  gameDir?: string;
  /** Where prototypes' `$random` and `$pick` get their numbers (Math.random otherwise). */
  random?: RandomSource;
}

export class WorldTestKit {
  readonly commands = new CommandHandler({ lockFuncs: createLockFuncRegistry(), log: silent });
  readonly players: KitPlayer[] = [];
  /** The world's clock: it moves only with `advance` (it starts at 2026-01-01T00:00Z). */
  readonly clock = new VirtualClock();
  /** What timers threw, with their labels (the Server logs these). */
  readonly timerErrors: Array<{ label: string; err: unknown }> = [];
  readonly timers = new TimerQueue(this.clock, (err, label) =>
    this.timerErrors.push({ label, err }),
  );
  gameTime!: GameTime;
  /** Scripts on the kit's clock: `await kit.scripts.add(Toll, { obj: bell })`. */
  scripts!: ScriptManager;
  tickers!: Tickers;
  delays!: Delays;
  /** Lines run by players and objects, as the Server counts them for `server`. */
  readonly commandMeter = new CommandMeter(this.clock);
  limbo!: DefaultObject;
  objects!: ObjectManager;
  services!: GameServices;
  /** Prototypes (`spawn`), as `game.prototypes` and `services.prototypes`. */
  prototypes!: PrototypeRegistry;
  /** Help entries beyond the commands' (the game's, its help files', `sethelp`'s). */
  help!: HelpEntryRegistry;
  /** Build files: `await kit.builds.run(build)`, `kit.builds.runFile('world/build.ts')`. */
  builds!: BuildRunner;
  /** Menus (`kit.menus.register`, `start`), as `game.menus` and `services.menus`. */
  menus!: Menus;
  /** The line editor's save handlers and `start`, as `game.editors` and `services.editors`. */
  editors!: LineEditors;
  #cmdsets!: CmdSetRegistry;
  #storage!: Storage;
  #dir = '';
  #nextId = 1;
  #accountSets: Array<(set: CmdSet) => void> = [];
  #sessionCmdset!: CmdSetHandler;

  private constructor() {}

  static async open(options: WorldTestKitOptions = {}): Promise<WorldTestKit> {
    const kit = new WorldTestKit();
    await kit.#start(options);
    return kit;
  }

  async #start(options: WorldTestKitOptions): Promise<void> {
    this.#dir = mkdtempSync(join(tmpdir(), 'waystone-world-'));
    this.#storage = await openStorage({
      gameDir: this.#dir,
      databaseUrl: '',
      databaseFile: ':memory:',
      log: silent,
    });
    const lockFuncs = createLockFuncRegistry();
    const typeclasses = new TypeclassRegistry();
    const cmdsets = new CmdSetRegistry();
    this.#cmdsets = cmdsets;
    const objects = new ObjectManager({
      storage: this.#storage,
      lockFuncs,
      typeclasses,
      cmdsets,
      clock: this.clock,
      log: silent,
      onLoaded: (obj) => addDefaultCmdSets(obj, this.services),
    });
    this.objects = objects;
    // `obj.execute(line)`: NPCs and scripts act through the same handler players type into.
    objects.useExecutor((obj, line, session) => {
      this.commandMeter.record();
      return objects.batch(() => this.commands.run(objectCallerContext(obj, session), line));
    });
    // Page finds online accounts through the sessions: the kit's players are the ones online.
    const sessions = { all: () => this.players.map((p) => p.session) };
    this.gameTime = new GameTime(this.clock, this.timers, {
      factor: options.gameTime?.factor ?? DEFAULT_SETTINGS.timeFactor,
      epoch: options.gameTime?.epoch ?? DEFAULT_SETTINGS.timeGameEpoch,
      units: options.gameTime?.units ?? DEFAULT_SETTINGS.timeUnits,
    });
    // As the Server does on opening the world: the kit's start is the game's first.
    await this.gameTime.restore(this.#storage.config);
    const startedAt = this.clock.now();
    // Scripts, tickers and delays as the Server runs them, on the virtual clock.
    const scriptClasses = new ScriptRegistry();
    const time = createTimekeeping({
      storage: this.#storage,
      objects,
      queue: this.timers,
      registry: scriptClasses,
      run: (fn) => objects.batch(fn),
      log: silent,
    });
    this.scripts = time.scripts;
    this.tickers = time.tickers;
    this.delays = time.delays;
    // Builders' content, as the Server has it (help files first, so the setup may change them).
    this.prototypes = new PrototypeRegistry({
      objects,
      typeclasses,
      lockFuncs,
      ...(options.random === undefined ? {} : { random: options.random }),
    });
    this.help = new HelpEntryRegistry(lockFuncs);
    this.help.persistThrough(objects);
    if (options.gameDir !== undefined) loadHelpFiles(options.gameDir, this.help);
    this.builds = new BuildRunner({
      objects,
      prototypes: this.prototypes,
      gameDir: options.gameDir ?? this.#dir,
      limbo: () => this.limbo,
    });
    // Menus and the line editor run on a player's session, as on the Server (no Portal to sync).
    const onSession = {
      cmdsets,
      services: () => this.services,
      puppetOf: (s: unknown) => this.players.find((p) => p.session === s)?.character ?? null,
      sync: () => undefined,
      log: silent,
    };
    this.menus = registerDefaultMenus(new Menus(onSession));
    this.editors = registerDefaultEditors(new LineEditors(onSession));
    this.services = partialServices({
      objects,
      sessions,
      menus: this.menus,
      editors: this.editors,
      startRoom: () => this.limbo,
      clock: this.clock,
      timers: this.timers,
      gameTime: this.gameTime,
      scripts: time.scripts,
      tickers: time.tickers,
      delays: time.delays,
      prototypes: this.prototypes,
      help: this.help,
      builds: this.builds,
      commandMeter: this.commandMeter,
      uptimeSeconds: () => Math.floor((this.clock.now() - startedAt) / 1000),
    });
    this.#sessionCmdset = new CmdSetHandler({ owner: null, lockFuncs });
    const builders: WorldBuilder[] = [];
    if (options.setup) {
      const game = {
        services: this.services,
        cmdsets,
        lockFuncs,
        helpEntries: this.help,
        prototypes: this.prototypes,
        menus: this.menus,
        editors: this.editors,
        inlineFuncs: objects.inlineFuncs,
        inputfuncs: new InputFuncRegistry(),
        extendCmdSet: (which: DefaultCmdSetName, fn: (set: CmdSet) => void) => {
          if (which === 'account') this.#accountSets.push(fn);
        },
        registerAccountClass: () => undefined,
        registerTypeclass: (name: string, cls: Parameters<GameSetup['registerTypeclass']>[1]) =>
          void typeclasses.register(name, cls),
        registerScript: (name: string, cls: ScriptClass) => scriptClasses.register(name, cls),
        onWorldCreated: (fn: WorldBuilder) => builders.push(fn),
      };
      await options.setup(game as unknown as GameSetup);
    }
    if (options.build) builders.push(options.build);
    // As the Server's first start: Limbo (tagged so it is found again), then the builders.
    this.limbo = await objects.create({
      typeclass: 'DefaultRoom',
      key: 'Limbo',
      tags: [['limbo', 'world']],
      attributes: { desc: 'The starting room.' },
    });
    await objects.batch(async () => {
      for (const build of builders) await build(this.limbo);
    });
  }

  /** A new account with a character in the world (Limbo unless told), puppeted. */
  async player(name: string, options: PlayerOptions = {}): Promise<KitPlayer> {
    const id = this.#nextId++;
    const account = new KitAccount(
      id,
      name,
      options.permissions ?? ['Player'],
      options.superuser === true,
    );
    const extensions = this.#accountSets;
    const help = this.help;
    account.cmdset = new CmdSetHandler({ owner: account, lockFuncs: this.objects.lockFuncs });
    account.cmdset.addDefault(
      new (class extends CmdSet {
        override key = 'DefaultAccount';
        override priority = -10;
        override atCmdsetCreation(): void {
          // `help`, as every account has it, with the kit's help entries.
          this.add(new CmdHelp(help));
          for (const fn of extensions) fn(this);
        }
      })(),
    );
    const session = new KitSession(id, account, {
      lockFuncs: this.objects.lockFuncs,
      registry: this.#cmdsets,
    });
    account.sessions.push(session);
    const character = await this.objects.create({
      typeclass: 'DefaultCharacter',
      key: name,
      location: options.location ?? this.limbo,
      home: this.limbo,
      // No accountId: the kit's accounts are not stored (the column refers to stored ones).
    });
    character.sessions.add(session);
    character.account = account;
    const player: KitPlayer = { name, account, session, character, take: () => session.take() };
    this.players.push(player);
    return player;
  }

  /** Types a line as the player; resolves with what the player was sent meanwhile. */
  async type(player: KitPlayer, line: string): Promise<string[]> {
    player.session.take();
    this.commandMeter.record();
    await this.objects.batch(() => this.commands.run(this.contextFor(player), line));
    return player.session.take();
  }

  /** The same, joined into one text. */
  async typeText(player: KitPlayer, line: string): Promise<string> {
    return (await this.type(player, line)).join('\n');
  }

  /**
   * What a reload does to this player's session, as the Server does it: its serverData crosses
   * the link and back (as JSON), its own cmdsets are rebuilt from their stored names, and a
   * menu or the line editor it was in takes up again. Resolves with what the player was sent.
   * (The world stays in memory: this reloads the session, not the game's objects.)
   */
  async reloadSession(player: KitPlayer): Promise<string[]> {
    player.session.take();
    player.session.rebuild();
    await this.objects.batch(async () => {
      await this.menus.resume(player.session);
      this.editors.resume(player.session);
    });
    return player.session.take();
  }

  /** What the command handler is given for this player (as the Server builds it). */
  contextFor(player: KitPlayer): CallerContext {
    const puppet = player.character;
    const here = puppet.location;
    return {
      session: player.session,
      sessionCmdset: this.#sessionCmdset,
      sessionOwnCmdset: player.session.cmdsetIfMade,
      account: player.account,
      puppet,
      ...(here ? { localSources: () => here.commandSources() } : {}),
    };
  }

  /**
   * Moves the world's clock `ms` forward, running every timer that falls due on the way at its
   * own instant, then stores what they changed: `await kit.advance(3_600_000)` is an hour.
   */
  async advance(ms: number): Promise<void> {
    await this.clock.advance(ms);
    await this.objects.flush();
  }

  /** Everything stored, then the database closed and its directory removed. */
  async close(): Promise<void> {
    this.timers.stop();
    await this.objects.flush();
    await this.#storage.close();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** GameServices with only what the kit provides; reaching for the rest says so plainly. */
function partialServices(provided: Record<string, unknown>): GameServices {
  return new Proxy(provided, {
    get(target, prop) {
      if (typeof prop === 'string' && !(prop in target)) {
        throw new Error(`WorldTestKit does not provide services.${prop}`);
      }
      return target[prop as string];
    },
  }) as unknown as GameServices;
}
