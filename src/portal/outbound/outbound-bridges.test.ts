import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PortalToServer } from '../../link/messages.ts';
import type { FuncCall } from '../../shared/session-data.ts';
import type { SessionTransport } from '../sessions/portal-session.ts';
import { PortalSessionHandler } from '../sessions/portal-session-handler.ts';
import type { OutboundContext, OutboundKind } from './outbound-kind.ts';
import { OutboundBridges } from './outbound-bridges.ts';
import { OutboundRegistry } from './registry.ts';

/** A kind that records what happens to its connections. */
function echoKind() {
  const opened: Array<{ config: { target: string }; context: OutboundContext; sent: FuncCall[] }> =
    [];
  const closed: string[] = [];
  const kind: OutboundKind<{ target: string }> = {
    name: 'echo',
    configSchema: z.object({ target: z.string().min(1) }).strict(),
    address: (config) => `echo:${config.target}`,
    open: (config, context) => {
      const record = { config, context, sent: [] as FuncCall[] };
      opened.push(record);
      return {
        send: (cmds) => record.sent.push(...cmds),
        close: (reason) => closed.push(`${config.target}: ${reason}`),
      };
    },
  };
  return { kind, opened, closed };
}

function setup() {
  const sessions = new PortalSessionHandler(
    'boot-1',
    1,
    { maxInputRate: 100, maxHeldInputLines: 10 },
    pino({ level: 'silent' }),
  );
  const toServer: PortalToServer[] = [];
  // A Server linked and synced: it hears of every session from now on.
  sessions.serverLinked({ send: (m) => toServer.push(m) });
  sessions.describeAll();
  sessions.serverReady();
  const echo = echoKind();
  const refusals: PortalToServer[] = [];
  const bridges = new OutboundBridges({
    registry: new OutboundRegistry().register(echo.kind),
    sessions,
    tellServer: (m) => refusals.push(m),
    log: pino({ level: 'silent' }),
  });
  return { sessions, bridges, toServer, refusals, ...echo };
}

describe('OutboundBridges', () => {
  it('runs a bridge as a session of its own, marked as a bridge, announced to the Server', () => {
    const { bridges, toServer, opened } = setup();
    bridges.connect('irc-1', 'echo', { target: 'a' });
    expect(opened).toHaveLength(1);
    const announced = toServer.find((m) => m.t === 'sessionConnected');
    expect(announced).toMatchObject({
      t: 'sessionConnected',
      session: { protocolKey: 'echo', address: 'echo:a', serverData: { bridge: 'irc-1' } },
    });
  });

  it('delivers what the connection hears as input of its session', () => {
    const { bridges, toServer, opened } = setup();
    bridges.connect('irc-1', 'echo', { target: 'a' });
    const sessid = bridges.sessionOf('irc-1')!.sessid;
    opened[0]!.context.deliver(['bot_data_in', ['hi'], { nick: 'n', type: 'privmsg' }]);
    expect(toServer.at(-1)).toEqual({
      t: 'input',
      sessid,
      cmds: [['bot_data_in', ['hi'], { nick: 'n', type: 'privmsg' }]],
    });
  });

  it('hands the session output to the connection', () => {
    const { bridges, sessions, opened } = setup();
    bridges.connect('irc-1', 'echo', { target: 'a' });
    const sessid = bridges.sessionOf('irc-1')!.sessid;
    sessions.output(sessid, [['comm_channel_text', [], { talker: 'Cora', message: 'hi' }]]);
    expect(opened[0]!.sent).toEqual([['comm_channel_text', [], { talker: 'Cora', message: 'hi' }]]);
  });

  it('leaves a bridge running when asked again with the same config (a Server restart)', () => {
    const { bridges, toServer, opened, closed } = setup();
    bridges.connect('irc-1', 'echo', { target: 'a' });
    const session = bridges.sessionOf('irc-1');
    bridges.connect('irc-1', 'echo', { target: 'a' });
    expect(opened).toHaveLength(1);
    expect(closed).toEqual([]);
    expect(bridges.sessionOf('irc-1')).toBe(session);
    expect(toServer.filter((m) => m.t === 'sessionConnected')).toHaveLength(1);
  });

  it('replaces a bridge asked for with another config: the old session closes', () => {
    const { bridges, toServer, opened, closed } = setup();
    bridges.connect('irc-1', 'echo', { target: 'a' });
    const old = bridges.sessionOf('irc-1')!.sessid;
    bridges.connect('irc-1', 'echo', { target: 'b' });
    expect(opened.map((o) => o.config.target)).toEqual(['a', 'b']);
    expect(closed).toEqual(['a: the bridge was changed']);
    expect(toServer).toContainEqual({
      t: 'sessionClosed',
      sessid: old,
      reason: 'the bridge was changed',
    });
    expect(bridges.sessionOf('irc-1')!.sessid).not.toBe(old);
  });

  it('refuses an unknown kind and a config its kind refuses, opening nothing', () => {
    const { bridges, refusals, opened } = setup();
    bridges.connect('x-1', 'telnet', { target: 'a' });
    bridges.connect('x-2', 'echo', { target: '' });
    bridges.connect('x-3', 'echo', { target: 'a', code: 'evil()' });
    expect(opened).toHaveLength(0);
    expect(bridges.count).toBe(0);
    expect(refusals.map((m) => (m.t === 'bridgeRefused' ? m.bridgeId : null))).toEqual([
      'x-1',
      'x-2',
      'x-3',
    ]);
    expect(refusals[0]).toMatchObject({ code: 'BRIDGE_INVALID' });
  });

  it('closes a bridge on serverDisconnect, and when the game closes its session', () => {
    const { bridges, sessions, toServer, closed } = setup();
    bridges.connect('irc-1', 'echo', { target: 'a' });
    bridges.connect('irc-2', 'echo', { target: 'b' });
    const first = bridges.sessionOf('irc-1')!.sessid;
    bridges.disconnect('irc-1', 'Bridge deleted');
    expect(closed).toEqual(['a: Bridge deleted']);
    expect(toServer).toContainEqual({
      t: 'sessionClosed',
      sessid: first,
      reason: 'Bridge deleted',
    });
    // The game closes the other bridge's session (say, a boot): the connection goes with it.
    sessions.disconnectFromServer(bridges.sessionOf('irc-2')!.sessid, 'booted');
    expect(closed).toEqual(['a: Bridge deleted', 'b: booted']);
    expect(bridges.count).toBe(0);
    // And it can be opened again.
    bridges.connect('irc-2', 'echo', { target: 'b' });
    expect(bridges.count).toBe(1);
  });

  it('closes every bridge when the Portal stops', () => {
    const { bridges, closed } = setup();
    bridges.connect('irc-1', 'echo', { target: 'a' });
    bridges.connect('rss-2', 'echo', { target: 'b' });
    bridges.closeAll('shutdown');
    expect(closed.sort()).toEqual(['a: shutdown', 'b: shutdown']);
    expect(bridges.count).toBe(0);
  });
});

describe('the bridge mark', () => {
  class PlayerTransport implements SessionTransport {
    readonly protocolKey = 'telnet';
    readonly address = '127.0.0.1';
    send(): void {}
    close(): void {}
  }

  it('is the Portal’s: a sync from the Server can neither forge it nor remove it', () => {
    const { sessions, bridges } = setup();
    const player = sessions.connect(new PlayerTransport());
    sessions.syncFromServer(
      [{ ...player.snapshot(), serverData: { bridge: 'irc-1', other: 1 } }],
      false,
    );
    expect(player.snapshot().serverData).toEqual({ other: 1 });

    bridges.connect('irc-1', 'echo', { target: 'a' });
    const bot = bridges.sessionOf('irc-1')!;
    sessions.syncFromServer([{ ...bot.snapshot(), serverData: {} }], false);
    expect(bot.snapshot().serverData).toEqual({ bridge: 'irc-1' });
  });
});
