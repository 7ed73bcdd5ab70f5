import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { PortalToServer } from '../../link/messages.ts';
import type { FuncCall } from '../../shared/session-data.ts';
import type { SessionTransport } from './portal-session.ts';
import { PortalSessionHandler, TOO_FAST_MESSAGE } from './portal-session-handler.ts';

class FakeTransport implements SessionTransport {
  readonly protocolKey = 'telnet';
  readonly address = '127.0.0.1';
  readonly sent: FuncCall[] = [];
  closedWith: string | null = null;
  send(cmds: readonly FuncCall[]): void {
    this.sent.push(...cmds);
  }
  close(reason: string): void {
    this.closedWith = reason;
  }
  texts(): string[] {
    return this.sent.map((c) => String(c[1][0]));
  }
}

function setup(limits = { maxInputRate: 1000, maxHeldInputLines: 5 }) {
  let now = 1_000_000;
  const handler = new PortalSessionHandler(
    'boot-1',
    now,
    limits,
    pino({ level: 'silent' }),
    () => now,
  );
  const toServer: PortalToServer[] = [];
  const channel = { send: (m: PortalToServer) => toServer.push(m) };
  return { handler, toServer, channel, advance: (ms: number) => (now += ms) };
}

const text = (line: string): FuncCall => ['text', [line], {}];

describe('PortalSessionHandler', () => {
  it('numbers sessions from 1, never reusing an id in one run', () => {
    const { handler } = setup();
    const a = handler.connect(new FakeTransport());
    const b = handler.connect(new FakeTransport());
    handler.disconnect(a, 'gone');
    const c = handler.connect(new FakeTransport());
    expect([a.sessid, b.sessid, c.sessid]).toEqual([1, 2, 3]);
  });

  it('holds input while no Server is ready and delivers it in order once one is', () => {
    const { handler, toServer, channel } = setup();
    const s = handler.connect(new FakeTransport());
    handler.input(s, text('one'));
    handler.input(s, text('two'));
    handler.serverLinked(channel);
    expect(handler.describeAll()).toMatchObject({
      t: 'allSessions',
      bootId: 'boot-1',
      sessions: [{ sessid: 1 }],
    });
    handler.input(s, text('three'));
    expect(toServer).toHaveLength(0); // linked, but not ready: still held
    handler.serverReady();
    handler.input(s, text('four'));
    expect(toServer).toEqual([
      { t: 'input', sessid: 1, cmds: [text('one'), text('two'), text('three')] },
      { t: 'input', sessid: 1, cmds: [text('four')] },
    ]);
  });

  it('holds at most maxHeldInputLines and tells the player once', () => {
    const { handler } = setup({ maxInputRate: 1000, maxHeldInputLines: 2 });
    const t = new FakeTransport();
    const s = handler.connect(t);
    for (let i = 0; i < 5; i++) handler.input(s, text(`line ${i}`));
    expect(s.held).toEqual([text('line 0'), text('line 1')]);
    expect(t.texts().filter((x) => x.includes('not kept'))).toHaveLength(1);
  });

  it('does not hold keepalives (idle) for a Server that is away', () => {
    const { handler } = setup();
    const s = handler.connect(new FakeTransport());
    handler.input(s, ['idle', [], {}]);
    expect(s.held).toHaveLength(0);
  });

  it('pauses input when the Server is asked to stop, so nothing reaches a Server on its way out', () => {
    const { handler, toServer, channel } = setup();
    const s = handler.connect(new FakeTransport());
    handler.serverLinked(channel);
    handler.describeAll();
    handler.serverReady();
    handler.pauseInput();
    handler.input(s, text('late'));
    expect(toServer.filter((m) => m.t === 'input')).toHaveLength(0);
    expect(s.held).toEqual([text('late')]);
  });

  it('caps the input rate with a token bucket and says so at most once a second', () => {
    const { handler, advance } = setup({ maxInputRate: 3, maxHeldInputLines: 100 });
    const t = new FakeTransport();
    const s = handler.connect(t);
    for (let i = 0; i < 6; i++) handler.input(s, text(`x${i}`));
    expect(s.held).toHaveLength(3);
    expect(t.texts().filter((x) => x === TOO_FAST_MESSAGE)).toHaveLength(1);
    advance(1000);
    handler.input(s, text('after a second'));
    expect(s.held).toHaveLength(4);
  });

  it('counts real input and keepalives apart', () => {
    const { handler, advance } = setup();
    const s = handler.connect(new FakeTransport());
    advance(10);
    handler.input(s, text('look'));
    const visible = s.data.cmdLastVisible;
    advance(10);
    handler.input(s, ['idle', [], {}]);
    handler.keepalive(s);
    expect(s.data.cmdTotal).toBe(1);
    expect(s.data.cmdLastVisible).toBe(visible);
    expect(s.data.cmdLast).toBeGreaterThan(visible);
  });

  it('tells a linked Server of connects and closes only after it has been sent every session', () => {
    const { handler, toServer, channel } = setup();
    handler.serverLinked(channel);
    const a = handler.connect(new FakeTransport());
    expect(toServer).toHaveLength(0); // it will learn of `a` from allSessions
    handler.describeAll();
    const b = handler.connect(new FakeTransport());
    handler.disconnect(a, 'bye');
    expect(toServer.map((m) => m.t)).toEqual(['sessionConnected', 'sessionClosed']);
    expect(toServer[0]).toMatchObject({ session: { sessid: b.sessid } });
  });

  it('merges flag updates and applies the Server sync without touching identity fields', () => {
    const { handler, channel } = setup();
    handler.serverLinked(channel);
    handler.describeAll();
    const s = handler.connect(new FakeTransport());
    handler.updateFlags(s, { SCREENWIDTH: 120 });
    expect(s.data.protocolFlags).toMatchObject({ SCREENWIDTH: 120, ENCODING: 'utf-8' });
    const sync = { ...s.snapshot(), address: 'spoofed', loggedIn: true, uid: 7, uname: 'Ann' };
    handler.syncFromServer([sync], false);
    expect(s.data).toMatchObject({ address: '127.0.0.1', loggedIn: true, uid: 7, uname: 'Ann' });
    expect(handler.loggedInCount).toBe(1);
  });

  it('closes sessions the Server does not list on a clean sync, with a reason', () => {
    const { handler } = setup();
    const keep = handler.connect(new FakeTransport());
    const dropT = new FakeTransport();
    handler.connect(dropT);
    handler.syncFromServer([keep.snapshot()], true);
    expect(handler.count).toBe(1);
    expect(dropT.closedWith).not.toBeNull();
  });
});
