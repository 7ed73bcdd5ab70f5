/**
 * The Portal's half of session syncs (shared/flag-sync.ts): it sends only the flags that
 * changed, merges what the Server sends, keeps its own value of a flag whose update the Server
 * had not seen, closes on a clean sync only sessions the Server was told of, and gives every
 * session a suid.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { PortalToServer } from '../../link/messages.ts';
import type { FuncCall, SessionSyncEntry } from '../../shared/session-data.ts';
import type { PortalSession, SessionTransport } from './portal-session.ts';
import { PortalSessionHandler, UNKNOWN_TO_GAME_MESSAGE } from './portal-session-handler.ts';

class FakeTransport implements SessionTransport {
  readonly protocolKey = 'telnet';
  readonly address = '127.0.0.1';
  closedWith: string | null = null;
  send(_cmds: readonly FuncCall[]): void {}
  close(reason: string): void {
    this.closedWith = reason;
  }
}

function setup() {
  const records: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      records.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const handler = new PortalSessionHandler(
    'boot-1',
    1,
    { maxInputRate: 1000, maxHeldInputLines: 5, maxInputRateUnloggedIn: 1000 },
    pino({ level: 'info' }, sink),
  );
  const toServer: PortalToServer[] = [];
  const channel = { send: (m: PortalToServer) => toServer.push(m) };
  return { handler, toServer, channel, records };
}

/** A Portal whose linked Server knows one session, 120 columns wide. */
function linkedWithOneSession() {
  const parts = setup();
  const session = parts.handler.connect(new FakeTransport());
  parts.handler.updateFlags(session, { SCREENWIDTH: 120 });
  parts.handler.serverLinked(parts.channel);
  parts.handler.describeAll();
  return { ...parts, session };
}

/** What the Server sends for `session`: its fields, with only the flags it changed. */
function serverSync(
  session: PortalSession,
  flags: Record<string, string | number | boolean | null>,
  flagsSeq: number,
): SessionSyncEntry {
  return { ...session.snapshot(), protocolFlags: flags, flagsSeq };
}

const synced = (msgs: PortalToServer[]) =>
  msgs.flatMap((m) => (m.t === 'sessionSynced' ? [m.session] : []));

describe('Portal session syncs: protocol flags', () => {
  it('sends the Server only the flags that changed, and nothing when none did', () => {
    const { handler, toServer, session } = linkedWithOneSession();
    handler.updateFlags(session, { SCREENWIDTH: 78, SCREENHEIGHT: 45 });
    handler.updateFlags(session, { SCREENWIDTH: 78 });
    const sent = synced(toServer);
    // 45 rows was already the height the Server had: only the width is news.
    expect(sent.map((s) => [s.protocolFlags, s.flagsSeq])).toEqual([[{ SCREENWIDTH: 78 }, 1]]);
  });

  it('a Server sync that crossed a resize does not roll the width back', () => {
    const { handler, session } = linkedWithOneSession();
    handler.updateFlags(session, { SCREENWIDTH: 78 });
    // Written by the Server before it saw the resize (flagsSeq 0): it changed another flag.
    handler.syncFromServer([serverSync(session, { SCREENREADER: true }, 0)], false);
    expect(session.data.protocolFlags).toMatchObject({ SCREENWIDTH: 78, SCREENREADER: true });
    expect(session.data.protocolFlags['ENCODING']).toBe('utf-8');
  });

  it('a Server sync that arrives before a resize is merged, and the resize then wins', () => {
    const { handler, toServer, session } = linkedWithOneSession();
    handler.syncFromServer([serverSync(session, { SCREENREADER: true }, 0)], false);
    handler.updateFlags(session, { SCREENWIDTH: 78 });
    expect(session.data.protocolFlags).toMatchObject({ SCREENWIDTH: 78, SCREENREADER: true });
    // The Server's own change is not echoed back to it.
    expect(synced(toServer).map((s) => s.protocolFlags)).toEqual([{ SCREENWIDTH: 78 }]);
  });

  it('keeps its own value of a flag both sides changed at once, and takes a later Server change', () => {
    const { handler, session } = linkedWithOneSession();
    handler.updateFlags(session, { SCREENWIDTH: 78 }); // update 1
    // The Server set 100 before it had taken update 1: a collision, the Portal's value stands.
    handler.syncFromServer([serverSync(session, { SCREENWIDTH: 100 }, 0)], false);
    expect(session.data.protocolFlags['SCREENWIDTH']).toBe(78);
    // Having taken update 1, the Server sets 100: a later change, taken.
    handler.syncFromServer([serverSync(session, { SCREENWIDTH: 100 }, 1)], false);
    expect(session.data.protocolFlags['SCREENWIDTH']).toBe(100);
  });

  it("never takes the Server's identity fields nor lets its activity counters go back", () => {
    const { handler, session } = linkedWithOneSession();
    handler.input(session, ['text', ['look'], {}]);
    const before = session.snapshot();
    handler.syncFromServer(
      [
        {
          ...serverSync(session, {}, 0),
          suid: 'f'.repeat(32),
          csessid: 'other',
          cmdTotal: 0,
          cmdLast: 0,
          loggedIn: true,
          uid: 3,
          uname: 'Ann',
        },
      ],
      false,
    );
    expect(session.data).toMatchObject({
      suid: before.suid,
      csessid: before.csessid,
      cmdTotal: 1,
      cmdLast: before.cmdLast,
      loggedIn: true,
      uid: 3,
    });
  });

  it('tells a Server that links later of flags changed meanwhile, in full', () => {
    const { handler, toServer, channel } = setup();
    const session = handler.connect(new FakeTransport());
    handler.updateFlags(session, { SCREENWIDTH: 90 });
    expect(toServer).toEqual([]);
    handler.serverLinked(channel);
    const all = handler.describeAll();
    expect(all.t === 'allSessions' && all.sessions[0]?.protocolFlags['SCREENWIDTH']).toBe(90);
  });
});

describe('Portal session syncs: a clean sync', () => {
  it('closes unlisted sessions announced through `through`, keeps later ones, and logs once', () => {
    const { handler, toServer, channel, records } = setup();
    const knownT = new FakeTransport();
    const lostT = new FakeTransport();
    const known = handler.connect(knownT);
    handler.connect(lostT);
    handler.serverLinked(channel);
    handler.describeAll(); // announcement 1: both
    const newT = new FakeTransport();
    handler.connect(newT); // announcement 2, still on its way to the Server
    expect(toServer.map((m) => m.t)).toEqual(['sessionConnected']);
    // The Server took announcement 1 only, and no longer holds the second session.
    handler.syncFromServer([known.snapshot()], true, 1);
    expect(lostT.closedWith).toBe(UNKNOWN_TO_GAME_MESSAGE);
    expect(knownT.closedWith).toBeNull();
    expect(newT.closedWith).toBeNull();
    expect(handler.count).toBe(2);
    const warn = records.filter((r) => r['activity'] === 'closedUnknown');
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({ level: 40, count: 1, sessids: [2] });
  });

  it('counts announcements per link: a relinked Server that has taken none closes nothing', () => {
    const { handler, channel } = setup();
    const t = new FakeTransport();
    handler.connect(t);
    handler.serverLinked(channel);
    handler.describeAll();
    handler.serverUnlinked();
    handler.serverLinked(channel);
    // A Server syncing before it has rebuilt from this link's allSessions (through 0).
    handler.syncFromServer([], true, 0);
    expect(t.closedWith).toBeNull();
    handler.describeAll();
    handler.syncFromServer([], true, 1);
    expect(t.closedWith).toBe(UNKNOWN_TO_GAME_MESSAGE);
  });

  it('drops nothing on a sync that is not clean', () => {
    const { handler, channel } = setup();
    const t = new FakeTransport();
    handler.connect(t);
    handler.serverLinked(channel);
    handler.describeAll();
    handler.syncFromServer([], false);
    expect(t.closedWith).toBeNull();
  });
});

describe('Portal session suid', () => {
  it('gives each session its own 128-bit hex suid, sent with it and kept over Server syncs', () => {
    const { handler, toServer, channel } = setup();
    handler.serverLinked(channel);
    handler.describeAll();
    const a = handler.connect(new FakeTransport());
    const b = handler.connect(new FakeTransport());
    expect(a.data.suid).toMatch(/^[0-9a-f]{32}$/);
    expect(b.data.suid).toMatch(/^[0-9a-f]{32}$/);
    expect(a.data.suid).not.toBe(b.data.suid);
    expect(toServer.map((m) => (m.t === 'sessionConnected' ? m.session.suid : null))).toEqual([
      a.data.suid,
      b.data.suid,
    ]);
  });
});
