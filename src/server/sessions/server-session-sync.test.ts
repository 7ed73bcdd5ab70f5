/**
 * The Server's half of session syncs (shared/flag-sync.ts): it sends only the flags it changed
 * since the Portal was last told, merges the Portal's updates (the Portal's value wins a
 * collision), holds back syncs of sessions kept over a relink until the rebuild, sends the
 * clean form with `through`, and carries each session's suid.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ServerToPortal } from '../../link/messages.ts';
import { newSessionSync, type SessionSyncEntry } from '../../shared/session-data.ts';
import { ServerSessionHandler } from './server-session-handler.ts';

function sync(sessid: number, extra: Partial<SessionSyncEntry> = {}): SessionSyncEntry {
  const base = newSessionSync(sessid, 'telnet', '127.0.0.1', 1);
  return { ...base, ...extra, protocolFlags: { ...base.protocolFlags, ...extra.protocolFlags } };
}

function setup() {
  const handler = new ServerSessionHandler(pino({ level: 'silent' }));
  const sent: ServerToPortal[] = [];
  const channel = { send: (m: ServerToPortal) => sent.push(m) };
  handler.linked(channel);
  return { handler, sent, channel };
}

/** The entries of every syncSessions sent so far. */
const entries = (sent: ServerToPortal[]) =>
  sent.flatMap((m) => (m.t === 'syncSessions' ? m.sessions : []));

/** What the Portal sends on a resize: the session's fields, only the changed flags. */
function portalUpdate(
  base: SessionSyncEntry,
  flags: Record<string, number | boolean>,
  flagsSeq: number,
) {
  return { ...base, protocolFlags: flags, flagsSeq };
}

describe('Server session syncs: protocol flags', () => {
  it('sends the Portal only the flags it changed, saying which Portal update it had taken', () => {
    const { handler, sent } = setup();
    const copy = sync(1, { protocolFlags: { SCREENWIDTH: 120 }, flagsSeq: 4 });
    const session = handler.portalConnect(copy);
    session.setFlags({ SCREENREADER: true });
    session.setFlags({ SCREENREADER: true });
    expect(entries(sent).map((e) => [e.protocolFlags, e.flagsSeq])).toEqual([
      [{ SCREENREADER: true }, 4],
      [{}, 4],
    ]);
  });

  it('a Portal resize that crossed a Server change merges: neither is rolled back', () => {
    const { handler, sent } = setup();
    const copy = sync(1, { protocolFlags: { SCREENWIDTH: 120 } });
    const session = handler.portalConnect(copy);
    session.setFlags({ SCREENREADER: true }); // on its way to the Portal
    // The Portal resized before it saw SCREENREADER: its update has the width only.
    handler.portalSync(portalUpdate(copy, { SCREENWIDTH: 78 }, 1));
    expect(session.protocolFlags).toMatchObject({ SCREENWIDTH: 78, SCREENREADER: true });
    session.setFlags({ NOCOLOR: true });
    // The width came from the Portal: it is not sent back; the Portal's update is acknowledged.
    expect(entries(sent).at(-1)).toMatchObject({ protocolFlags: { NOCOLOR: true }, flagsSeq: 1 });
  });

  it('a Portal resize taken before a Server change: the change alone goes out', () => {
    const { handler, sent } = setup();
    const copy = sync(1, { protocolFlags: { SCREENWIDTH: 120 } });
    const session = handler.portalConnect(copy);
    handler.portalSync(portalUpdate(copy, { SCREENWIDTH: 78 }, 1));
    session.setFlags({ SCREENREADER: true });
    expect(session.protocolFlags).toMatchObject({ SCREENWIDTH: 78, SCREENREADER: true });
    expect(entries(sent)).toMatchObject([{ protocolFlags: { SCREENREADER: true }, flagsSeq: 1 }]);
  });

  it("takes the Portal's value of a flag both changed at once (the Portal keeps its own)", () => {
    const { handler } = setup();
    const copy = sync(1, { protocolFlags: { SCREENWIDTH: 120 } });
    const session = handler.portalConnect(copy);
    session.setFlags({ SCREENWIDTH: 100 });
    handler.portalSync(portalUpdate(copy, { SCREENWIDTH: 78 }, 1));
    expect(session.protocolFlags['SCREENWIDTH']).toBe(78);
  });

  it('holds back syncs of sessions kept over a relink until the rebuild, then sends what changed', () => {
    const { handler, sent, channel } = setup();
    handler.portalRebuild('boot-A', [sync(1, { protocolFlags: { SCREENWIDTH: 120 } })]);
    const session = handler.get(1)!;
    handler.linked(null);
    handler.linked(channel); // the same Server links again
    sent.length = 0;
    session.setFlags({ SCREENREADER: true });
    session.puid = 9;
    handler.sync(session);
    expect(sent).toEqual([]); // the Portal of this link has not sent its copy yet
    // Meanwhile the Portal's client resized.
    handler.portalRebuild('boot-A', [sync(1, { protocolFlags: { SCREENWIDTH: 78 }, flagsSeq: 2 })]);
    expect(session.protocolFlags).toMatchObject({ SCREENWIDTH: 78, SCREENREADER: true });
    expect(entries(sent)).toMatchObject([
      { sessid: 1, puid: 9, protocolFlags: { SCREENREADER: true }, flagsSeq: 2 },
    ]);
  });
});

describe('Server session syncs: syncAll, the clean form', () => {
  it('lists every session and counts the announcements taken on this link', () => {
    const { handler, sent, channel } = setup();
    handler.portalRebuild('boot-A', [sync(1), sync(2)]);
    handler.portalConnect(sync(3));
    handler.portalConnect(sync(4));
    handler.portalDisconnect(4);
    handler.syncAll();
    expect(sent.at(-1)).toMatchObject({ t: 'syncSessions', clean: true, through: 3 });
    expect(entries([sent.at(-1)!]).map((e) => e.sessid)).toEqual([1, 2, 3]);
    // A new link: nothing taken there yet, so a clean sync can close nothing.
    handler.linked(channel);
    handler.syncAll();
    expect(sent.at(-1)).toEqual({ t: 'syncSessions', sessions: [], clean: true, through: 0 });
  });
});

describe('Server session suid', () => {
  it("is the Portal's, readable on the session, and survives a rebuild by a new Server", () => {
    const { handler } = setup();
    const copy = sync(1);
    const session = handler.portalConnect(copy);
    expect(session.suid).toBe(copy.suid);
    expect(session.toSync().suid).toBe(copy.suid);
    const next = setup().handler;
    next.portalRebuild('boot-A', [{ ...session.toSync(), flagsSeq: 0 }]);
    expect(next.get(1)?.suid).toBe(copy.suid);
  });
});
