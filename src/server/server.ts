/**
 * The Server process's composition: storage, accounts and login, the command system, the
 * inputfuncs, the session handler and the link to the Portal. Built once by `main.ts` from a
 * frozen config; nothing here is a process-wide singleton.
 *
 * Life of a Server (REFERENCE.md §3):
 *   prepare (`prepareServer`): build every part on a storage that is not open yet and run the
 *           game's setup — a reload's new Server does this while the old one still serves, so
 *           broken game code fails here and the old Server is never asked to stop
 *   open (`PreparedServer.open`): the real storage, saved bans and throttles, the world
 *   link up → getAllSessions → allSessions (rebuild; drop sessions of an old Portal boot;
 *           re-attach accounts without login hooks) → serverReady (the Portal releases held input)
 *   play: input → inputfunc → command handler; every write is committed before the player
 *         is told its result
 *   stopServer(mode) → tell players → finish queued input → (shutdown: log everyone out)
 *           → push every session to the Portal → serverStopping → close storage → exit 0
 */
import type { Logger } from 'pino';
import type { Config } from '../config/load.ts';
import type { PortalToServer, ServerToPortal, StopMode } from '../link/messages.ts';
import type { ServerLink } from '../link/open-link.ts';
import { ReconnectingLinkClient } from '../link/reconnecting-client.ts';
import { LINK_SECRET_FILE, linkSecretOf } from '../shared/link-secret.ts';
import { neutralise } from '../shared/markup/neutralise.ts';
import { WAYSTONE_VERSION } from '../shared/version.ts';
import type { AccountClass, DefaultAccount } from './accounts/account.ts';
import { WaystoneError } from '../shared/errors.ts';
import type { CmdSet } from './commands/cmdset.ts';
import { CmdSetRegistry } from './commands/cmdset-registry.ts';
import type { DefaultCmdSetName, GameSetupFunction, WorldBuilder } from './game-setup.ts';
import { AccountManager } from './accounts/account-manager.ts';
import { accountRulesFrom } from './accounts/config-rules.ts';
import type { CallerContext } from './commands/caller-context.ts';
import { CmdSetHandler } from './commands/cmdset-handler.ts';
import { CommandHandler } from './commands/command-handler.ts';
import { SessionCommandRunner } from './commands/command-runner.ts';
import { objectCallerContext } from './commands/object-context.ts';
import { AccountCmdSet, SessionCmdSet } from './commands/default/account/account-cmdset.ts';
import { UnloggedinCmdSet } from './commands/default/unloggedin/unloggedin-cmdset.ts';
import { HelpEntryRegistry } from './commands/help-entries.ts';
import type { GameServices } from './game-services.ts';
import { registerClientOptionFuncs } from './inputfuncs/client-options.ts';
import { registerCoreInputFuncs } from './inputfuncs/core.ts';
import { InputDispatcher } from './inputfuncs/dispatcher.ts';
import { registerLoginInputFuncs } from './inputfuncs/login.ts';
import { registerMonitorInputFuncs } from './inputfuncs/monitor.ts';
import { registerMsdpInputFuncs } from './inputfuncs/msdp.ts';
import { ClientVariables } from './monitoring/client-variables.ts';
import { MonitorHandler } from './monitoring/monitor-handler.ts';
import { InputFuncRegistry } from './inputfuncs/registry.ts';
import { Repeats } from './inputfuncs/repeat.ts';
import { createLockFuncRegistry } from './locks/builtin-lock-funcs.ts';
import { addDefaultCmdSets } from './commands/default/character/default-cmdsets.ts';
import { ObjectManager } from './objects/object-manager.ts';
import { TypeclassRegistry } from './objects/typeclass-registry.ts';
import { multisessionRules } from './puppeting/multisession.ts';
import type { DefaultObject } from './objects/object.ts';
import { PuppetOob } from './puppeting/puppet-oob.ts';
import { Puppeting } from './puppeting/puppeting.ts';
import { showCharacterScreen } from './commands/default/account/character-screen.ts';
import { registerDefaultMenus } from './commands/default/account/character-menu.ts';
import { Menus } from './menus/menus.ts';
import { LineEditors } from './editor/line-editor.ts';
import { registerDefaultEditors } from './editor/default-editors.ts';
import { AccessGuard } from './login/access-guard.ts';
import { LoginService, MESSAGES } from './login/login-service.ts';
import { IdleTimeout } from './sessions/idle-timeout.ts';
import type { ServerSession } from './sessions/server-session.ts';
import { ServerSessionHandler } from './sessions/server-session-handler.ts';
import { lateStorage } from './storage/late-storage.ts';
import type { Storage } from './storage/types.ts';
import { OutputHold } from './output-hold.ts';
import { SystemClock } from './timing/clock.ts';
import { GameTime } from './timing/game-time.ts';
import { TimerQueue } from './timing/timer-queue.ts';
import { BuildRunner } from './batch/build-runner.ts';
import { loadHelpFiles } from './help/help-files.ts';
import { PrototypeRegistry } from './prototypes/registry.ts';
import { ScriptRegistry } from './scripts/script-registry.ts';
import { createTimekeeping } from './scripts/timekeeping.ts';
import { CommandMeter } from './commands/default/system/command-meter.ts';
import { ChannelCommandSources } from './commands/default/comms/channel-command-source.ts';
import type { LocalCmdSetSource } from './commands/caller-context.ts';
import { ChannelManager } from './comms/channel-manager.ts';
import { registerChannelInputFuncs, sendChannelList } from './comms/channel-oob.ts';
import { MudInfo } from './comms/mudinfo.ts';
import { BOT_TYPECLASS, BotAccount } from './bridges/bot-account.ts';
import { Bridges, bridgeMarkOf } from './bridges/bridges.ts';
import { Nicks } from './comms/nicks.ts';
import { isStorageError } from './storage/availability.ts';

export interface ServerOptions {
  config: Config;
  log: Logger;
  storage: Storage;
  connectionScreen: string;
  /** The game's own setup (its game.ts), or null. */
  gameSetup?: GameSetupFunction | null;
  /** Called once the Server has stopped and wants its process to exit with `code`. */
  onExit: (code: number) => void;
}

const STOP_NOTICES: Record<StopMode, string> = {
  reload: 'Server restart initiated ...',
  reset: 'Server reset initiated ...',
  shutdown: 'The game is shutting down.',
};

export const PAUSED_NOTICE =
  'The game is paused: its database cannot be reached. What you do is kept and completes when it is back.';
export const RESUMED_NOTICE = 'The database is back; the game continues.';

export interface GameServer {
  /** Link to the Portal, proving `linkToken` (the one-time token the Portal handed over). */
  start(linkToken?: string): void;
  readonly sessions: ServerSessionHandler;
  readonly inputfuncs: InputFuncRegistry;
  /** A stop (reload, reset, shutdown) is under way: the Server exits once it is done. */
  readonly stopping: boolean;
  /** Storage pause/resume hooks, for `openStorage`'s callbacks (set up before the Server). */
  storagePaused(reason: string): void;
  storageResumed(): void;
}

/** A Server whose parts and game code are ready, waiting to be given the database. */
export interface PreparedServer {
  /** Bind the storage, restore bans and throttles, load (or first build) the world. */
  open(storage: Storage): Promise<GameServer>;
}

/** Prepare and open in one go (a Server with nothing to wait for, and tests). */
export async function createServer(options: ServerOptions): Promise<GameServer> {
  const { storage, ...rest } = options;
  return (await prepareServer(rest)).open(storage);
}

export async function prepareServer({
  config,
  log,
  connectionScreen,
  gameSetup = null,
  onExit,
}: Omit<ServerOptions, 'storage'>): Promise<PreparedServer> {
  const linkSecret = linkSecretOf(config);
  if (linkSecret === null) {
    throw new WaystoneError(
      'LINK_BAD_SECRET',
      `this game has no link secret (${LINK_SECRET_FILE}); the Portal makes it when it starts`,
    );
  }
  let client: ReconnectingLinkClient | null = null;
  // Every part is built on this stand-in; `open` binds the real storage to it.
  const late = lateStorage();
  const storage = late.storage;
  const lockFuncs = createLockFuncRegistry();
  const cmdsetRegistry = new CmdSetRegistry();
  // Sessions carry cmdsets of their own (`session.cmdset`), stored by registered name.
  const sessions = new ServerSessionHandler(log, {
    cmdsets: { lockFuncs, registry: cmdsetRegistry },
    // `session.puppet` (the objects are made below; no session asks before they are).
    objectById: (id) => objects.cached(id),
  });
  const inputfuncs = new InputFuncRegistry();
  // What clients may read and watch of their player (get_value, monitor, MSDP); the game adds.
  const clientVariables = new ClientVariables(config.serverName);
  const dispatcher = new InputDispatcher(
    inputfuncs,
    log,
    Date.now,
    config.maxQueuedInputPerSession,
  );
  const helpEntries = new HelpEntryRegistry(lockFuncs);
  const accountClasses = new Map<string, AccountClass<ServerSession>>();
  // Bridges' bots (bridges/bot-account.ts); a game may register a subclass under the same name.
  accountClasses.set(BOT_TYPECLASS, BotAccount as AccountClass<ServerSession>);
  const extensions: Record<DefaultCmdSetName, Array<(set: CmdSet) => void>> = {
    unloggedin: [],
    session: [],
    account: [],
  };
  let portalStartedAt = Date.now();
  let stopping = false;
  let link: ServerLink | null = null;

  // ---- accounts and login ---------------------------------------------------------------------
  // One account set serves every account (CmdSet.shared), made once the game's setup has run.
  let accountCmdSet: AccountCmdSet | null = null;
  const accounts = new AccountManager<ServerSession>({
    storage,
    ...accountRulesFrom(config),
    log,
    sessionsOf: (id) => sessions.byAccount(id),
    accountClasses,
    puppeteer: () => puppeting,
    onLoaded: (account) => {
      account.cmdset = new CmdSetHandler({ owner: account, lockFuncs });
      if (accountCmdSet) account.cmdset.addDefault(accountCmdSet);
    },
  });
  // ---- channels and nicks (comms/): loaded when the storage opens -----------------------------
  const channels = new ChannelManager({
    storage,
    lockFuncs,
    log,
    settings: {
      historyMax: config.channelHistoryMax,
      rateLimit: config.channelRateLimit,
      rateWindowMs: config.channelRateWindowMs,
      messageMaxLength: config.channelMessageMaxLength,
      defaults: config.defaultChannels,
      mudInfo: config.mudInfoChannel,
    },
    // Messages reach the accounts in memory: the logged-in ones.
    memberById: (id) => accounts.cached(id),
    // Clients keep a list of their channels (GMCP Comm.Channel.List): it changed.
    onAccountChanged: (id) => {
      const account = accounts.cached(id);
      if (account) sendChannelList(channels, account);
    },
  });
  const channelCommands = new ChannelCommandSources(channels, lockFuncs);
  const mudInfo = new MudInfo(channels, log);
  const nicks = new Nicks({
    storage,
    maxPerOwner: config.maxNicksPerOwner,
    maxLength: config.nickMaxLength,
  });
  const guard = AccessGuard.create({
    storage,
    log,
    failedLogins: {
      limit: config.loginFailureLimit,
      windowMs: config.loginFailureWindowMs,
      blockMs: config.loginFailureBlockMs,
      maxKeys: config.throttleMaxKeys,
      message: 'Too many login failures; please try again in a few minutes.',
    },
    creations: {
      limit: config.accountCreationLimit,
      windowMs: config.accountCreationWindowMs,
      maxKeys: config.throttleMaxKeys,
      message: 'Too many accounts were created from your address recently; please try again later.',
    },
    accountGuesses: {
      freeFailures: config.loginFailureAccountLimit,
      windowMs: config.loginFailureAccountWindowMs,
      delayMs: config.loginFailureAccountDelayMs,
      maxDelayMs: config.loginFailureAccountMaxDelayMs,
      maxKeys: config.throttleMaxKeys,
    },
    knownAddressesPerAccount: config.loginKnownAddressesPerAccount,
  });
  // What a command makes the Server say waits until the command's writes are committed.
  const hold = new OutputHold<ServerToPortal>((m) => link?.send(m));
  const commands = new CommandHandler({
    lockFuncs,
    log,
    onPause: () => hold.releaseCurrent(),
    // Where `command.msg` goes by default: every session of the caller in mode 1 ('auto').
    msgAllSessions: multisessionRules(config).commandMsgAllSessions,
    // Staff hear of errors on MudInfo (not of the database being away: that is announced).
    onError: (err, { command, line, sessid }) => {
      if (isStorageError(err)) return;
      const who = sessid === null ? 'an object' : (sessions.get(sessid)?.uname ?? `#${sessid}`);
      mudInfo.error(`command '${command ?? line.slice(0, 40)}' of ${who}`, err);
    },
  });

  // ---- time: one clock and one timer queue for the world, game time on them ------------------
  const clock = new SystemClock();
  const timers = new TimerQueue(
    clock,
    (err, label) => {
      log.error({ err, timer: label }, 'error in a timer');
      mudInfo.error(`timer ${label}`, err);
    },
    {
      // Timers due within one step fire together and commit in one transaction (one disk
      // sync for all of them); each firing's schedule still commits with its own changes.
      resolutionMs: config.timerResolutionMs,
      group: (fireAll) => hold.join(() => objects.batch(fireAll)),
    },
  );
  const gameTime = new GameTime(clock, timers, {
    factor: config.timeFactor,
    epoch: config.timeGameEpoch,
    units: config.timeUnits,
  });
  // Command lines run, typed or by objects: the `server` command's commands per second.
  const commandMeter = new CommandMeter(clock);

  // ---- the world: objects, characters, puppeting ----------------------------------------------
  const typeclasses = new TypeclassRegistry();
  const objects = new ObjectManager({
    storage,
    lockFuncs,
    typeclasses,
    cmdsets: cmdsetRegistry,
    clock,
    log,
    // Characters get the default character set and exits the command that is their name;
    // `services` exists by the time any is loaded (the world is loaded below, after it is built).
    onLoaded: (obj) => addDefaultCmdSets(obj, services),
    // A puppet's clients hear of its moves and vitals (GMCP Room.Info, Char.Vitals).
    onMoved: (obj) => oob.moved(obj),
    onVitalsChanged: (obj) => oob.vitalsChanged(obj),
    // What players' own words may hold (says, descriptions…): objects/authored-text.ts.
    playerMarkup: config.playerMarkup,
  });
  // Builders' content: prototypes and help entries written in game commit with the command
  // that wrote them (through the objects' write scopes); build files run against the world.
  const prototypes = new PrototypeRegistry({ objects, typeclasses, lockFuncs });
  helpEntries.persistThrough(objects);
  const builds = new BuildRunner({
    objects,
    prototypes,
    gameDir: config.gameDir,
    limbo: () => puppeting.startRoom(),
  });
  // Scripts, tickers and delays on the one timer queue. Each firing is one unit of game work:
  // its writes (its new schedule among them) commit together, its output after them.
  const scriptClasses = new ScriptRegistry();
  const timekeeping = createTimekeeping({
    storage,
    objects,
    queue: timers,
    registry: scriptClasses,
    run: (fn) => hold.join(() => objects.batch(fn)),
    log,
  });
  const oob: PuppetOob = new PuppetOob({
    sessionsOf: (obj) => sessions.byPuppet(obj.id),
    puppetOf: (session): DefaultObject | null => puppeting.puppetOf(session),
    log,
  });
  // Client monitors (monitor, MSDP REPORT) watch the puppet and follow the session to a new one.
  const monitors = new MonitorHandler({
    variables: clientVariables,
    puppetOf: (session) => puppeting.puppetOf(session),
    sync: (session) => sessions.sync(session),
    log,
  });
  const puppeting = new Puppeting({
    objects,
    sessions,
    rules: multisessionRules(config),
    log,
    oob,
    onPuppetChange: (session) => monitors.puppetChanged(session),
  });
  const login = new LoginService({
    accounts,
    sessions,
    storage,
    guard,
    log,
    oneSessionPerAccount: puppeting.rules.oneSessionPerAccount,
    guestEnabled: config.guestEnabled,
    guestNames: config.guestNames,
    onLogout: (session) => commands.cancelInput(session),
    // The multisession rules decide: a character made and puppeted, or the character list.
    afterLogin: async (session, account) => {
      if (!(await puppeting.afterLogin(session, account)))
        await showCharacterScreen(services, session);
      // The first login joins the default channels; every login hears of its channels.
      channels.noteName(account);
      await channels.joinDefaults(account);
      sendChannelList(channels, account);
      mudInfo.connected(account.name, session.sessid);
    },
    beforeDisconnect: async (session, reason) => {
      await puppeting.unpuppet(session);
      const account = session.account;
      if (account === null) return;
      // At a shutdown everyone goes at once, and the database with them: nothing to report.
      if (!stopping) mudInfo.disconnected(account.name, session.sessid, reason);
      // Its last session: what is kept in memory for it goes (read again at its next login).
      if (account.sessions.every((s) => s === session)) {
        channelCommands.forget(account.id);
        nicks.forget(account.id);
      }
    },
    afterReattach: (session) => puppeting.reattach(session),
    beforeAccountDelete: async (account) => {
      channels.accountDeleted(account.id);
      for (const obj of await objects.find({ accountId: account.id })) await objects.delete(obj);
    },
  });

  // Channels relayed to IRC and feeds through connections the Portal runs (bridges/).
  const bridges = new Bridges({
    storage,
    accounts,
    channels,
    sessions,
    logout: (session, reason) => login.logout(session, reason),
    tellPortal: (msg) => link?.send(msg),
    settings: {
      ircEnabled: config.ircEnabled,
      rssEnabled: config.rssEnabled,
      rssUpdateIntervalSeconds: config.rssUpdateIntervalSeconds,
    },
    log: log.child({ part: 'bridges' }),
  });

  // Off unless idleTimeoutSeconds is set; a malformed exempt lock stops the start here.
  const idle = new IdleTimeout({
    timeoutSeconds: config.idleTimeoutSeconds,
    exemptLock: config.idleTimeoutExemptLock,
    lockFuncs,
    // A bridge is quiet for hours when its channel is: it never idles out.
    sessions: () => sessions.all().filter((s) => bridgeMarkOf(s) === null),
    disconnect: (session, message) => login.logout(session, message),
    log,
  });
  idle.start();

  // Menus and the line editor run on one session each, their place kept in its serverData.
  const onSession = {
    cmdsets: cmdsetRegistry,
    services: () => services,
    puppetOf: (session: unknown) => puppeting.puppetOf(session as ServerSession),
    sync: (session: unknown) => sessions.sync(session as ServerSession),
    log,
  };
  const menus = registerDefaultMenus(new Menus(onSession));
  const editors = registerDefaultEditors(new LineEditors(onSession));

  const services: GameServices = {
    config,
    version: WAYSTONE_VERSION,
    sessions,
    accounts,
    login,
    guard,
    objects,
    puppeting,
    clock,
    timers,
    gameTime,
    scripts: timekeeping.scripts,
    tickers: timekeeping.tickers,
    delays: timekeeping.delays,
    prototypes,
    help: helpEntries,
    builds,
    commandMeter,
    channels,
    nicks,
    menus,
    editors,
    bridges,
    startRoom: () => puppeting.startRoom(),
    connectionScreen: () => connectionScreen,
    uptimeSeconds: () => Math.floor((clock.now() - portalStartedAt) / 1000),
    requestStop: (mode, all, reason, requester) => {
      if (requester) stopRequesters.add(requester.sessid);
      link?.send({ t: 'requestStop', mode, all, reason });
    },
  };
  /** Sessions that asked for a reload or reset, to be told if the Portal could not do it. */
  const stopRequesters = new Set<number>();

  // ---- the game's own code --------------------------------------------------------------------
  // Its help files first (help/*.md), so its setup may change or remove them; a broken one stops
  // the start (HELP_FILE_INVALID), as broken code does.
  loadHelpFiles(config.gameDir, helpEntries);
  const worldBuilders: WorldBuilder[] = [];
  if (gameSetup) {
    try {
      await gameSetup({
        config,
        services,
        extendCmdSet: (which, fn) => extensions[which].push(fn),
        cmdsets: cmdsetRegistry,
        helpEntries,
        prototypes,
        menus,
        editors,
        lockFuncs,
        inlineFuncs: objects.inlineFuncs,
        inputfuncs,
        clientVariables,
        registerAccountClass: (name, cls, options) => {
          accountClasses.set(name, cls);
          if (options?.default) accounts.defaultTypeclass = name;
        },
        registerTypeclass: (name, cls) => void typeclasses.register(name, cls),
        registerChannelClass: (name, cls, options) => channels.registerClass(name, cls, options),
        registerSessionClass: (cls) => sessions.useSessionClass(cls),
        registerScript: (name, cls) => scriptClasses.register(name, cls),
        onWorldCreated: (fn) => worldBuilders.push(fn),
      });
    } catch (err) {
      throw new WaystoneError('GAME_CODE', `The game's setup failed: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  // A default set makes its own commands first (any add/remove does that), then takes the
  // game's changes (`extendCmdSet`).
  const withGameChanges = <T extends CmdSet>(set: T, which: DefaultCmdSetName): T => {
    for (const fn of extensions[which]) fn(set);
    return set;
  };

  // ---- commands -------------------------------------------------------------------------------
  // The unlogged-in and session sets hold no per-session state, so one handler each serves every
  // session (and the merge cache sees the same sets for everyone).
  const unloggedinSets = new CmdSetHandler({ owner: null, lockFuncs });
  unloggedinSets.addDefault(
    withGameChanges(new UnloggedinCmdSet(services, helpEntries), 'unloggedin'),
  );
  const sessionSets = new CmdSetHandler({ owner: null, lockFuncs });
  sessionSets.addDefault(withGameChanges(new SessionCmdSet(services), 'session'));
  accountCmdSet = withGameChanges(new AccountCmdSet(services, helpEntries), 'account');

  const contextFor = (session: ServerSession): CallerContext => {
    const account: DefaultAccount<ServerSession> | null = session.loggedIn ? session.account : null;
    const puppet = account ? puppeting.puppetOf(session) : null;
    const here = puppet?.location ?? null;
    // The commands named after the account's channels (`pub hello`) are a local source too.
    const onChannels = account ? channelCommands.sourceFor(account) : null;
    return {
      session,
      sessionCmdset: account ? sessionSets : unloggedinSets,
      // Sets on this one session, on top of the shared ones (none made for most sessions).
      sessionOwnCmdset: session.cmdsetIfMade,
      account,
      puppet,
      // The room and what is in it may lend commands (each through its `call` lock).
      ...(here || onChannels
        ? { localSources: () => localSourcesOf(here?.commandSources() ?? [], onChannels) }
        : {}),
    };
  };
  // Each line runs as one batch: its object writes commit together, then its output is sent.
  const runner = new SessionCommandRunner(commands, contextFor, (run) => {
    commandMeter.record();
    return hold.run(() => objects.batch(run));
  });
  // `obj.execute(line)`: an object acting with no session (an NPC, a script) gets its own sets
  // and those around it, as a puppet would; its line commits and releases like a typed one.
  objects.useExecutor((obj, line, session) => {
    commandMeter.record();
    return hold.join(() =>
      objects.batch(() => commands.run(objectCallerContext(obj, session), line)),
    );
  });

  // ---- inputfuncs -----------------------------------------------------------------------------
  // After each line, its puppet's Char.Vitals go out where the line changed them.
  // Each line first gets the player's nicks (`nick l = look`), unless it answers a question.
  const withNicks = async (session: ServerSession, line: string): Promise<string> => {
    const account = session.loggedIn ? session.account : null;
    // Text typed into the line editor is text, not a command to expand.
    if (account === null || commands.isWaitingForInput(session) || editors.isEditing(session))
      return line;
    try {
      return await nicks.inputLine(account.id, puppeting.puppetOf(session), line);
    } catch (err) {
      log.warn({ err, sessid: session.sessid }, 'nicks could not be read; the line runs as typed');
      return line;
    }
  };
  const runThenVitals = {
    run: async (session: ServerSession, line: string) =>
      runner.run(session, await withNicks(session, line)).then(() => oob.afterCommand(session)),
  };
  registerCoreInputFuncs(inputfuncs, runThenVitals, log);
  oob.register(inputfuncs);
  registerClientOptionFuncs(inputfuncs);
  registerLoginInputFuncs(inputfuncs, {
    login,
    variables: clientVariables,
    puppetOf: (session) => puppeting.puppetOf(session),
  });
  registerMonitorInputFuncs(inputfuncs, monitors, clientVariables);
  registerMsdpInputFuncs(inputfuncs, monitors, clientVariables);
  registerChannelInputFuncs(inputfuncs, channels);
  bridges.register(inputfuncs);
  // Object nicks (`nick/object car = red sports car`) apply to what players look for.
  objects.useSearchNicks((caller, query) =>
    nicks.objectQuery(caller, caller.account?.id ?? null, query),
  );
  const repeats = new Repeats((session, call) => void dispatcher.dispatch(session, [call]));
  repeats.register(inputfuncs);

  // ---- sessions -------------------------------------------------------------------------------
  const greet = (session: ServerSession): void => {
    if (login.isBannedAddress(session)) {
      session.msg(MESSAGES.banned);
      session.disconnect('');
      return;
    }
    session.msg(connectionScreen);
    session.serverData['screenShown'] = true;
    sessions.sync(session);
  };

  const sessionGone = (session: ServerSession, reason: string): void => {
    repeats.clear(session);
    monitors.sessionGone(session);
    commands.cancelInput(session);
    void login
      .sessionGone(session, reason)
      .catch((err: unknown) => log.error({ err }, 'disconnect hooks failed'));
  };

  const stop = async (current: ServerLink, mode: StopMode): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ mode }, 'stopping');
    sessions.announce(STOP_NOTICES[mode]);
    repeats.clearAll();
    idle.stop();
    // No timer fires into a world that is being stored and closed.
    timers.stop();
    // Lines already handed to us run to the end, so nothing a player typed is lost.
    await dispatcher.drain(sessions.all());
    if (mode === 'shutdown') {
      // Puppets are let go (the rooms hear it) and accounts logged out.
      for (const session of sessions.all())
        await login.sessionGone(session, 'shutdown').catch(() => undefined);
    } else {
      // Reload and reset keep everyone in character; objects get their atServerReload.
      await objects
        .atServerReload()
        .catch((err: unknown) => log.error({ err }, 'atServerReload failed'));
    }
    await objects.flush().catch((err: unknown) => log.error({ err }, 'storing objects failed'));
    sessions.syncAll();
    current.send({ t: 'serverStopping', mode });
    await storage.close().catch((err: unknown) => log.error({ err }, 'closing storage failed'));
    client?.stop(); // flushes, then closes
    current.socket.once('close', () => onExit(0));
    // Should the Portal never close its end, exit anyway: it already has everything.
    setTimeout(() => onExit(0), 3000).unref();
  };

  const rebuild = async (
    current: ServerLink,
    msg: Extract<PortalToServer, { t: 'allSessions' }>,
  ): Promise<void> => {
    portalStartedAt = msg.portalStartedAt;
    const result = sessions.portalRebuild(msg.bootId, msg.sessions);
    for (const session of result.sessions) {
      await login.reattach(session);
      monitors.restore(session); // after its puppet is back: the watches go on it
    }
    // A bridge's session logs in as its bot; any other sees the connection screen.
    for (const session of result.unseen) if (!bridges.adopt(session)) greet(session);
    log.info(
      { sessions: result.sessions.length, greeted: result.unseen.length },
      'sessions rebuilt',
    );
    current.send({ t: 'serverReady', pid: process.pid, sessionCount: result.sessions.length });
    // A player in a menu or the line editor sees where they are, after the restart notice.
    for (const session of result.sessions) {
      try {
        await menus.resume(session);
        editors.resume(session);
      } catch (err) {
        log.error({ err, sessid: session.sessid }, 'could not resume a menu or the line editor');
      }
    }
    // Every stored bridge, each start (the Portal keeps one that already runs as it is).
    bridges.openAll(result.sessions);
  };

  const handle = (msg: PortalToServer, current: ServerLink): void => {
    switch (msg.t) {
      case 'allSessions':
        void rebuild(current, msg).catch((err: unknown) => {
          log.fatal({ err }, 'could not rebuild sessions');
          onExit(1);
        });
        return;
      case 'sessionConnected': {
        const session = sessions.portalConnect(msg.session);
        if (!bridges.adopt(session)) greet(session);
        return;
      }
      case 'sessionSynced':
        sessions.portalSync(msg.session);
        return;
      case 'sessionClosed': {
        const session = sessions.portalDisconnect(msg.sessid);
        if (session) sessionGone(session, msg.reason);
        return;
      }
      case 'allSessionsClosed':
        for (const session of sessions.all()) sessionGone(session, msg.reason);
        sessions.portalDisconnectAll();
        return;
      case 'input': {
        const session = sessions.get(msg.sessid);
        if (session) void dispatcher.dispatch(session, msg.cmds);
        return;
      }
      case 'stopServer':
        void stop(current, msg.mode);
        return;
      case 'stopFailed': {
        // The new Server did not load: this one keeps serving; whoever asked is told why.
        log.error({ mode: msg.mode, code: msg.code }, `${msg.mode} failed: ${msg.message}`);
        for (const sessid of stopRequesters)
          sessions
            .get(sessid)
            ?.msg(
              `The ${msg.mode} failed; the game keeps running as it was.\n${neutralise(msg.message)}`,
            );
        stopRequesters.clear();
        return;
      }
      case 'bridgeRefused':
        bridges.refused(msg.bridgeId, msg.code, msg.message);
        return;
      default: {
        const unreachable: never = msg;
        log.error({ msg: unreachable }, 'unhandled link message');
      }
    }
  };

  const linkClient = (token: string | undefined): ReconnectingLinkClient =>
    new ReconnectingLinkClient({
      host: config.linkInterface === '0.0.0.0' ? '127.0.0.1' : config.linkInterface,
      port: config.linkPort,
      pid: process.pid,
      secret: linkSecret,
      ...(token === undefined ? {} : { token }),
      maxFrameBytes: config.linkMaxFrameBytes,
      maxBufferedBytes: config.linkMaxBufferedBytes,
      connectTimeoutMs: config.linkHandshakeTimeoutMs,
      giveUpAfterMs: config.serverOrphanTimeoutSeconds * 1000,
      // A Portal that did not start this Server (it restarted since) will never take it back.
      giveUpOnRefusal: ['LINK_VERSION', 'LINK_BAD_SECRET', 'LINK_FOREIGN_SERVER'],
      onConnected: (current, welcome) => {
        log.info({ bootId: welcome.bootId, portalPid: welcome.portalPid }, 'linked to the Portal');
        link = current;
        sessions.linked({ send: (m) => hold.send(m) });
        current.send({ t: 'getAllSessions' });
      },
      onMessage: handle,
      onInvalid: (err) => log.error({ code: err.code }, err.message),
      onDisconnected: (reason) => {
        link = null;
        sessions.linked(null);
        if (!stopping)
          log.warn(
            { code: reason.code },
            `link to the Portal lost: ${reason.message}; reconnecting`,
          );
      },
      onRefused: (err) =>
        log.error({ code: err.code }, `the Portal refused this Server: ${err.message}`),
      onGiveUp: (err) => {
        log.fatal({ code: err.code }, `no Portal to serve (${err.message}); exiting`);
        void storage.close().finally(() => onExit(1));
      },
    });

  const server: GameServer = {
    start: (token) => {
      client ??= linkClient(token);
      client.start();
    },
    sessions,
    inputfuncs,
    get stopping() {
      return stopping;
    },
    storagePaused: (reason) => {
      log.error({ reason }, 'database unreachable; the game is paused');
      hold.bypass(() => sessions.announce(PAUSED_NOTICE));
    },
    storageResumed: () => {
      log.info('database reachable again');
      hold.bypass(() => sessions.announce(RESUMED_NOTICE));
    },
  };

  return {
    open: async (real) => {
      late.bind(real);
      await guard.restore();
      // Channels (made on the first start) before the world: a world builder may use them.
      await channels.start();
      await bridges.load();
      // Game time reads the first start (stored on the very first) before any game code runs.
      await gameTime.restore(real.config);
      // Builders' prototypes and help entries, before any world builder may spawn one.
      for (const problem of [
        ...(await prototypes.loadStored(real.prototypes)),
        ...(await helpEntries.loadStored(real.helpEntries)),
      ]) {
        log.error(`skipped ${problem}`);
      }
      // The world loads after the game's setup, so the game's typeclasses are registered by then.
      await puppeting.startWorld(async (limbo) => {
        for (const build of worldBuilders) await build(limbo);
      });
      // Stored scripts, tickers and delays resume; overdue ones fire at once (their catch-up).
      await timekeeping.load();
      return server;
    },
  };
}

/** The room's sources, then the account's channel commands. */
function* localSourcesOf(
  room: Iterable<LocalCmdSetSource>,
  channels: LocalCmdSetSource | null,
): Iterable<LocalCmdSetSource> {
  yield* room;
  if (channels !== null) yield channels;
}
