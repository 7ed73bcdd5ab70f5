/**
 * The Server's side of bridges, in process on SQLite: a bridge made with its bot subscribed and
 * the Portal asked for it; a session marked as the bridge logged in as the bot without a
 * password (and a bot refused a password login); input only from the bridge's own session;
 * IRC lines on the channel as nick@IRC; channel lines out to the bot's session; feed entries
 * posted once, across a restart of the Server; stray and deleted bridges closed.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../config/defaults.ts';
import type { ServerToPortal } from '../../link/messages.ts';
import { newSessionSync, type FuncCall } from '../../shared/session-data.ts';
import type { AccountClass } from '../accounts/account.ts';
import { AccountManager } from '../accounts/account-manager.ts';
import { PasswordHasher } from '../accounts/hashing.ts';
import { ChannelManager } from '../comms/channel-manager.ts';
import { InputDispatcher } from '../inputfuncs/dispatcher.ts';
import { InputFuncRegistry } from '../inputfuncs/registry.ts';
import { createLockFuncRegistry } from '../locks/builtin-lock-funcs.ts';
import { AccessGuard } from '../login/access-guard.ts';
import { LoginService } from '../login/login-service.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import { ServerSessionHandler } from '../sessions/server-session-handler.ts';
import { silentLog as log, useBackend, type DatabaseTarget } from '../storage/test-support.ts';
import type { Storage } from '../storage/types.ts';
import { BOT_TYPECLASS, BotAccount, isBotAccount } from './bot-account.ts';
import { Bridges } from './bridges.ts';

const cheap = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

/** One Server's worth of the parts bridges use, on `storage`. */
async function server(storage: Storage) {
  const sessions = new ServerSessionHandler(log);
  const sent: ServerToPortal[] = [];
  sessions.linked({ send: (m) => sent.push(m) });
  const accounts = new AccountManager<ServerSession>({
    storage,
    hasher: new PasswordHasher(cheap),
    log,
    nameRules: { guestNames: [] },
    passwordRules: {},
    sessionsOf: (id) => sessions.byAccount(id),
    accountClasses: new Map([[BOT_TYPECLASS, BotAccount as AccountClass<ServerSession>]]),
  });
  const lockFuncs = createLockFuncRegistry();
  const channels = new ChannelManager({
    storage,
    lockFuncs,
    log,
    settings: {
      historyMax: 100,
      rateLimit: 100,
      rateWindowMs: 10_000,
      messageMaxLength: 2000,
      defaults: DEFAULT_SETTINGS.defaultChannels,
      mudInfo: null,
    },
    memberById: (id) => accounts.cached(id),
  });
  await channels.start();
  const guard = await AccessGuard.load({
    storage,
    log,
    failedLogins: { limit: 100, windowMs: 60_000, blockMs: 60_000, message: 'blocked' },
    creations: { limit: 100, windowMs: 60_000, message: 'slow down' },
    accountGuesses: { freeFailures: 100, windowMs: 60_000, delayMs: 1, maxDelayMs: 1 },
    knownAddressesPerAccount: 3,
  });
  const login = new LoginService({
    accounts,
    sessions,
    storage,
    guard,
    log,
    oneSessionPerAccount: false,
    guestEnabled: false,
    guestNames: [],
  });
  const bridges = new Bridges({
    storage,
    accounts,
    channels,
    sessions,
    logout: (session, reason) => login.logout(session, reason),
    tellPortal: (m) => sent.push(m),
    settings: { ircEnabled: true, rssEnabled: true, rssUpdateIntervalSeconds: 600 },
    log,
  });
  await bridges.load();
  const inputfuncs = new InputFuncRegistry();
  bridges.register(inputfuncs);
  const dispatcher = new InputDispatcher(inputfuncs, log);
  let sessid = 100;
  const connect = (serverData: Record<string, unknown> = {}, protocol = 'telnet') => {
    const session = sessions.portalConnect({
      ...newSessionSync((sessid += 1), protocol, '127.0.0.1', Date.now()),
      serverData,
    });
    return { session, adopted: bridges.adopt(session) };
  };
  const input = (session: ServerSession, call: FuncCall) => dispatcher.dispatch(session, [call]);
  const outputTo = (session: ServerSession): FuncCall[] =>
    sent.flatMap((m) => (m.t === 'output' && m.sessid === session.sessid ? m.cmds : []));
  const player = async (name: string) => {
    const account = await accounts.create({ name, password: 'violet tiger 99' });
    const { session } = connect();
    await login.login(session, account);
    const pub = channels.find('public')!;
    await channels.join(pub, account);
    return { account, session };
  };
  return {
    storage,
    sessions,
    sent,
    accounts,
    channels,
    login,
    bridges,
    connect,
    input,
    outputTo,
    player,
  };
}

/** Until the bridge's login (an account read) has finished. */
const settle = () => new Promise((r) => setTimeout(r, 50));

/** The channel lines among a session's output. */
const lines = (calls: FuncCall[]) =>
  calls.filter((c) => c[0] === 'text' && c[2]['type'] === 'channel').map((c) => String(c[1][0]));

describe('bridges on the Server', () => {
  const backend = useBackend('sqlite');

  async function fresh() {
    const target: DatabaseTarget = await backend.fresh();
    return { target, s: await server(await backend.open(target)) };
  }

  it('makes a bridge: a bot account on the channel, stored, and the Portal asked for it', async () => {
    const { s } = await fresh();
    const pub = s.channels.find('public')!;
    const record = await s.bridges.create({
      kind: 'irc',
      channel: pub,
      settings: { host: '127.0.0.1', port: 6667, tls: false, channel: '#waystone', nick: 'wsbot' },
      botBase: 'wsbot',
      createdBy: 'Cora',
    });
    const bot = await s.accounts.load(record.botAccountId);
    expect(bot?.name).toBe('ircbot-wsbot');
    expect(isBotAccount(bot)).toBe(true);
    expect(bot?.permissions).toContain('Bot');
    expect(s.channels.isSubscribed(pub, record.botAccountId)).toBe(true);
    expect(s.sent).toContainEqual({
      t: 'serverConnect',
      bridgeId: 'irc-1',
      kind: 'irc',
      config: { host: '127.0.0.1', port: 6667, tls: false, channel: '#waystone', nick: 'wsbot' },
    });
    // The same bridge twice is refused; another nick gets another bot.
    await expect(
      s.bridges.create({
        kind: 'irc',
        channel: pub,
        settings: record.settings,
        botBase: 'wsbot',
        createdBy: 'Cora',
      }),
    ).rejects.toThrow(/already has that bridge/);
  });

  it('logs the bridge session in as its bot, and nothing else; a bot has no password login', async () => {
    const { s } = await fresh();
    const record = await s.bridges.create({
      kind: 'irc',
      channel: s.channels.find('public')!,
      settings: { host: 'h', port: 1, tls: false, channel: '#c', nick: 'n' },
      botBase: 'n',
      createdBy: 'Cora',
    });
    const bridge = s.connect({ bridge: 'irc-1' }, 'irc');
    expect(bridge.adopted).toBe(true);
    await settle();
    expect(bridge.session).toMatchObject({ loggedIn: true, uid: record.botAccountId });
    expect(s.sent).toContainEqual({
      t: 'sessionLoggedIn',
      sessid: bridge.session.sessid,
      uid: record.botAccountId,
      uname: 'ircbot-n',
    });
    // A player's session is not adopted (it gets the connection screen).
    expect(s.connect().adopted).toBe(false);
    // The bot's password is nobody's; even given the account, a normal login is refused.
    const other = s.connect().session;
    const bot = (await s.accounts.load(record.botAccountId))!;
    expect(await s.login.login(other, bot)).toBe(false);
    expect(other.loggedIn).toBe(false);
  });

  it('closes a session marked with a bridge that does not exist', async () => {
    const { s } = await fresh();
    const stray = s.connect({ bridge: 'irc-9' }, 'irc');
    expect(stray.adopted).toBe(true);
    await settle();
    expect(stray.session.loggedIn).toBe(false);
    expect(s.sent).toContainEqual({
      t: 'disconnect',
      sessid: stray.session.sessid,
      reason: 'This bridge no longer exists.',
    });
  });

  it('relays IRC lines to the channel as nick@IRC, and the channel back to the bot', async () => {
    const { s } = await fresh();
    const cora = await s.player('Cora');
    await s.bridges.create({
      kind: 'irc',
      channel: s.channels.find('public')!,
      settings: { host: 'h', port: 1, tls: false, channel: '#c', nick: 'n' },
      botBase: 'n',
      createdBy: 'Cora',
    });
    const { session: bot } = s.connect({ bridge: 'irc-1' }, 'irc');
    await s.input(bot, ['bot_data_in', ['hello |rthere'], { type: 'privmsg', nick: 'tester' }]);
    await s.input(bot, ['bot_data_in', ['waves'], { type: 'action', nick: 'tester' }]);
    expect(lines(s.outputTo(cora.session))).toEqual([
      '[Public] tester@IRC: hello ||rthere',
      '[Public] tester@IRC waves',
    ]);
    // The bot does not hear its own posts back (no echo to IRC).
    expect(s.outputTo(bot).filter((c) => c[0] === 'comm_channel_text')).toEqual([]);

    await s.channels.speak(s.channels.find('public')!, cora.account, 'hello irc');
    expect(s.outputTo(bot)).toContainEqual([
      'comm_channel_text',
      [],
      { channel: 'public', talker: 'Cora', text: '[Public] Cora: hello irc', message: 'hello irc' },
    ]);
  });

  it("ignores bot_data_in from a player's session", async () => {
    const { s } = await fresh();
    const cora = await s.player('Cora');
    await s.input(cora.session, ['bot_data_in', ['fake'], { type: 'privmsg', nick: 'x' }]);
    await s.input(cora.session, ['bot_data_in', [], { type: 'feed', entries: [] }]);
    expect(lines(s.outputTo(cora.session)).some((l) => l.includes('fake'))).toBe(false);
  });

  it('posts each new feed entry once, also after the Server restarts', async () => {
    const { s, target } = await fresh();
    const cora = await s.player('Cora');
    await s.bridges.create({
      kind: 'rss',
      channel: s.channels.find('public')!,
      settings: { url: 'https://example.org/feed' },
      botBase: 'public',
      createdBy: 'Cora',
    });
    expect(s.sent).toContainEqual({
      t: 'serverConnect',
      bridgeId: 'rss-1',
      kind: 'rss',
      config: { url: 'https://example.org/feed', intervalSeconds: 600 },
    });
    const entry = (id: string) => ({ id, title: `Title ${id}`, link: `https://e.org/${id}` });
    const feed = (...ids: string[]): FuncCall => [
      'bot_data_in',
      [],
      { type: 'feed', entries: ids.map(entry) },
    ];
    const { session: bot } = s.connect({ bridge: 'rss-1' }, 'rss');
    await s.input(bot, feed('a'));
    await s.input(bot, feed('a', 'b'));
    await s.input(bot, feed('a', 'b'));
    expect(lines(s.outputTo(cora.session))).toEqual(['[Public] Title b: https://e.org/b']);

    // A new Server on the same database: the Portal offers the feed again, plus a new entry.
    await s.storage.close();
    const again = await server(await backend.open(target));
    const cora2 = await again.player('Dain');
    const { session: bot2 } = again.connect({ bridge: 'rss-1' }, 'rss');
    await again.input(bot2, feed('a', 'b', 'c'));
    expect(lines(again.outputTo(cora2.session))).toEqual(['[Public] Title c: https://e.org/c']);
  });

  it('deletes a bridge: its session logged out and closed, its bot gone', async () => {
    const { s } = await fresh();
    const record = await s.bridges.create({
      kind: 'irc',
      channel: s.channels.find('public')!,
      settings: { host: 'h', port: 1, tls: false, channel: '#c', nick: 'n' },
      botBase: 'n',
      createdBy: 'Cora',
    });
    const { session } = s.connect({ bridge: 'irc-1' }, 'irc');
    await settle();
    await s.bridges.delete(record.id);
    expect(s.sent).toContainEqual({
      t: 'disconnect',
      sessid: session.sessid,
      reason: 'The bridge was deleted.',
    });
    expect(s.sent).toContainEqual({
      t: 'serverDisconnect',
      bridgeId: 'irc-1',
      reason: 'The bridge was deleted.',
    });
    expect(await s.storage.accounts.findById(record.botAccountId)).toBeNull();
    expect(s.bridges.list('irc')).toEqual([]);
    // Its number is not given again.
    const next = await s.bridges.create({
      kind: 'irc',
      channel: s.channels.find('public')!,
      settings: { host: 'h', port: 1, tls: false, channel: '#c', nick: 'n' },
      botBase: 'n',
      createdBy: 'Cora',
    });
    expect(next.id).toBe(2);
  });

  it('refuses a kind the settings have not enabled', async () => {
    const { s } = await fresh();
    const off = new Bridges({
      storage: s.storage,
      accounts: s.accounts,
      channels: s.channels,
      sessions: s.sessions,
      logout: async () => undefined,
      tellPortal: () => undefined,
      settings: { ircEnabled: false, rssEnabled: false, rssUpdateIntervalSeconds: 600 },
      log,
    });
    await expect(
      off.create({
        kind: 'irc',
        channel: s.channels.find('public')!,
        settings: {},
        botBase: 'x',
        createdBy: 'Cora',
      }),
    ).rejects.toThrow(/ircEnabled: true/);
  });
});
