import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ServerToPortal } from '../../link/messages.ts';
import { newSessionSync, type SessionSync } from '../../shared/session-data.ts';
import { ServerSessionHandler } from './server-session-handler.ts';

function sync(sessid: number, extra: Partial<SessionSync> = {}): SessionSync {
  return { ...newSessionSync(sessid, 'telnet', '127.0.0.1', 1), ...extra };
}

function setup() {
  const handler = new ServerSessionHandler(pino({ level: 'silent' }));
  const sent: ServerToPortal[] = [];
  handler.linked({ send: (m) => sent.push(m) });
  return { handler, sent };
}

describe('ServerSessionHandler', () => {
  it('rebuilds sessions from the Portal, restoring login state without a fresh greeting', () => {
    const { handler } = setup();
    const result = handler.portalRebuild('boot-A', [
      sync(1, { loggedIn: true, uid: 4, uname: 'Ann', puid: 9, serverData: { screenShown: true } }),
      sync(2),
    ]);
    expect(result.sessions).toHaveLength(2);
    expect(result.unseen.map((s) => s.sessid)).toEqual([2]);
    expect(handler.get(1)).toMatchObject({ loggedIn: true, uid: 4, uname: 'Ann', puid: 9 });
    expect(handler.byAccount(4).map((s) => s.sessid)).toEqual([1]);
    expect(handler.byPuppet(9).map((s) => s.sessid)).toEqual([1]);
  });

  it('drops every session of an old Portal boot when a new boot id arrives', () => {
    const { handler } = setup();
    handler.portalRebuild('boot-A', [sync(1, { loggedIn: true, uid: 4, uname: 'Ann' })]);
    const result = handler.portalRebuild('boot-B', [sync(1)]);
    expect(result.droppedForNewBoot).toBe(1);
    // sessid 1 of the new boot is a new connection: not logged in, and greeted afresh.
    expect(handler.get(1)).toMatchObject({ loggedIn: false, uid: null });
    expect(result.unseen.map((s) => s.sessid)).toEqual([1]);
  });

  it('keeps sessions across a relink to the same Portal, and forgets ones it closed meanwhile', () => {
    const { handler } = setup();
    handler.portalRebuild('boot-A', [sync(1), sync(2)]);
    handler.get(1)!.ndb['seen'] = true;
    handler.portalRebuild('boot-A', [sync(1)]);
    expect(handler.count).toBe(1);
    expect(handler.get(1)!.ndb['seen']).toBe(true);
    expect(handler.get(1)!.db).toBe(handler.get(1)!.ndb);
  });

  it('sends output, syncs and disconnects over the link', () => {
    const { handler, sent } = setup();
    const s = handler.portalConnect(sync(3));
    s.msg('hello');
    s.setFlags({ SCREENREADER: true });
    s.disconnect('bye');
    s.disconnect('twice');
    expect(sent.map((m) => m.t)).toEqual(['output', 'syncSessions', 'disconnect']);
    expect(sent[0]).toEqual({ t: 'output', sessid: 3, cmds: [['text', ['hello'], {}]] });
    expect(sent[1]).toMatchObject({
      sessions: [{ sessid: 3, protocolFlags: { SCREENREADER: true } }],
    });
    expect(handler.count).toBe(0);
  });
});

describe('ServerSessionHandler lookups by account and puppet', () => {
  it('follow logins, puppeting, logouts and disconnects', () => {
    const { handler } = setup();
    const a = handler.portalConnect(sync(1));
    const b = handler.portalConnect(sync(2));
    const c = handler.portalConnect(sync(3, { loggedIn: true, uid: 7, uname: 'Ann', puid: 20 }));
    expect(handler.byAccount(7)).toEqual([c]);
    b.uid = 7;
    a.uid = 7;
    // In sessid order, whatever the order of the logins.
    expect(handler.byAccount(7)).toEqual([a, b, c]);
    a.puid = 20;
    expect(handler.byPuppet(20)).toEqual([a, c]);
    a.puid = 21;
    expect(handler.byPuppet(20)).toEqual([c]);
    expect(handler.byPuppet(21)).toEqual([a]);
    a.atLogout();
    expect(handler.byAccount(7)).toEqual([b, c]);
    expect(handler.byPuppet(21)).toEqual([]);
    c.disconnect('bye');
    expect(handler.byAccount(7)).toEqual([b]);
    expect(handler.byPuppet(20)).toEqual([]);
    handler.portalDisconnect(2);
    expect(handler.byAccount(7)).toEqual([]);
    // A session the handler no longer holds changes nothing.
    b.uid = 8;
    expect(handler.byAccount(8)).toEqual([]);
  });

  it('forget the old sessions on a rebuild from a new Portal boot and index the new ones', () => {
    const { handler } = setup();
    handler.portalRebuild('boot-A', [sync(1, { loggedIn: true, uid: 4, uname: 'Ann', puid: 9 })]);
    handler.portalRebuild('boot-B', [sync(2, { loggedIn: true, uid: 5, uname: 'Bob', puid: 10 })]);
    expect(handler.byAccount(4)).toEqual([]);
    expect(handler.byPuppet(9)).toEqual([]);
    expect(handler.byAccount(5).map((s) => s.sessid)).toEqual([2]);
    expect(handler.byPuppet(10).map((s) => s.sessid)).toEqual([2]);
    handler.disconnectAll('gone');
    expect(handler.byAccount(5)).toEqual([]);
  });
});
