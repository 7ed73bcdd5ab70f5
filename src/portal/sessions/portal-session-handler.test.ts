import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PortalToServer } from '../../link/messages.ts';
import { LINE_TOO_LONG_MESSAGE } from '../../shared/input-notices.ts';
import type { FuncCall } from '../../shared/session-data.ts';
import type { SessionTransport } from './portal-session.ts';
import {
  PortalSessionHandler,
  TOO_FAST_MESSAGE,
  UNKNOWN_TO_GAME_MESSAGE,
  type PortalSessionLimits,
} from './portal-session-handler.ts';

class FakeTransport implements SessionTransport {
  readonly protocolKey = 'telnet';
  readonly address = '127.0.0.1';
  readonly sent: FuncCall[] = [];
  closedWith: string | null = null;
  /** Every setReading call, in order. */
  readonly readingChanges: boolean[] = [];
  send(cmds: readonly FuncCall[]): void {
    this.sent.push(...cmds);
  }
  close(reason: string): void {
    this.closedWith = reason;
  }
  setReading(reading: boolean): void {
    this.readingChanges.push(reading);
  }
  texts(): string[] {
    return this.sent.map((c) => String(c[1][0]));
  }
}

function setup(
  limits: PortalSessionLimits = {
    maxInputRate: 1000,
    maxHeldInputLines: 5,
    maxInputRateUnloggedIn: 1000,
  },
) {
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

  it('closes sessions the Server was told of and does not list on a clean sync, with a reason', () => {
    const { handler, channel } = setup();
    const keep = handler.connect(new FakeTransport());
    const dropT = new FakeTransport();
    handler.connect(dropT);
    handler.serverLinked(channel);
    handler.describeAll();
    handler.syncFromServer([keep.snapshot()], true, 1);
    expect(handler.count).toBe(1);
    expect(dropT.closedWith).toBe(UNKNOWN_TO_GAME_MESSAGE);
  });
});

describe('PortalSessionHandler input budgets before login', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const budgets = {
    maxInputRate: 50,
    maxHeldInputLines: 100,
    maxInputRateUnloggedIn: 2,
    maxInputBytesPerSecondUnloggedIn: 1000,
    maxLineLengthUnloggedIn: 10,
  };

  it('drops lines over maxLineLengthUnloggedIn before login, telling the player once a second', () => {
    const { handler, advance } = setup(budgets);
    const t = new FakeTransport();
    const s = handler.connect(t);
    handler.input(s, text('x'.repeat(11)));
    handler.input(s, text('y'.repeat(11)));
    handler.input(s, text('short'));
    expect(s.held).toEqual([text('short')]);
    expect(t.texts().filter((x) => x === LINE_TOO_LONG_MESSAGE)).toHaveLength(1);
    advance(1000);
    handler.input(s, text('z'.repeat(11)));
    expect(t.texts().filter((x) => x === LINE_TOO_LONG_MESSAGE)).toHaveLength(2);
    // Characters, not UTF-16 units: ten emoji are ten characters.
    handler.input(s, text('😀'.repeat(10)));
    expect(s.held).toHaveLength(2);
    handler.loggedIn(s.sessid, 7, 'Ann');
    handler.input(s, text('a much longer line, fine for a player'));
    expect(s.held).toHaveLength(3);
  });

  it("holds a connection to maxInputRateUnloggedIn, and gives it a player's rate once logged in", () => {
    const { handler } = setup(budgets);
    const t = new FakeTransport();
    const s = handler.connect(t);
    for (let i = 0; i < 5; i++) handler.input(s, text(`before ${i}`));
    expect(s.held).toHaveLength(2);
    expect(t.texts().filter((x) => x === TOO_FAST_MESSAGE)).toHaveLength(1);
    handler.loggedIn(s.sessid, 7, 'Ann');
    // At once: a player starts with a full second's burst, whatever it spent before login.
    for (let i = 0; i < 60; i++) handler.input(s, text(`after ${i}`));
    expect(s.held).toHaveLength(2 + 50);
  });

  it('never gives a connection that has not logged in more than maxInputRate', () => {
    const { handler } = setup({ ...budgets, maxInputRate: 1, maxInputRateUnloggedIn: 5 });
    const s = handler.connect(new FakeTransport());
    for (let i = 0; i < 5; i++) handler.input(s, text(`${i}`));
    expect(s.held).toHaveLength(1);
  });

  it('stops reading a connection past its byte budget until the budget has recovered', () => {
    vi.useFakeTimers();
    const { handler, advance } = setup(budgets);
    const t = new FakeTransport();
    const s = handler.connect(t);
    handler.received(s, 600);
    handler.received(s, 400);
    expect(t.readingChanges).toEqual([]); // exactly the budget: still read
    handler.received(s, 500); // 500 bytes of debt at 1000 a second: half a second
    expect(t.readingChanges).toEqual([false]);
    expect(s.reading).toBe(false);
    advance(499);
    vi.advanceTimersByTime(499);
    expect(t.readingChanges).toEqual([false]);
    advance(1);
    vi.advanceTimersByTime(1);
    expect(t.readingChanges).toEqual([false, true]);
    expect(s.reading).toBe(true);
  });

  it('lets a connection held for its budget go on at once when it logs in; players have none', () => {
    vi.useFakeTimers();
    const { handler } = setup(budgets);
    const t = new FakeTransport();
    const s = handler.connect(t);
    handler.received(s, 50_000); // held for most of a minute
    expect(t.readingChanges).toEqual([false]);
    handler.loggedIn(s.sessid, 7, 'Ann');
    expect(t.readingChanges).toEqual([false, true]);
    handler.received(s, 10_000_000);
    expect(t.readingChanges).toEqual([false, true]);
    vi.advanceTimersByTime(60_000);
    expect(t.readingChanges).toEqual([false, true]);
  });

  it('forgets the budget timer of a session that closes', () => {
    vi.useFakeTimers();
    const { handler } = setup(budgets);
    const t = new FakeTransport();
    const s = handler.connect(t);
    handler.received(s, 5000);
    handler.disconnect(s, 'gone');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('PortalSessionHandler backpressure from the link', () => {
  it('stops reading every session while the link is congested, new ones included', () => {
    const { handler, channel } = setup();
    handler.serverLinked(channel);
    const a = new FakeTransport();
    const b = new FakeTransport();
    handler.connect(a);
    handler.connect(b);
    handler.linkCongested(true);
    handler.linkCongested(true); // no news
    const late = new FakeTransport();
    handler.connect(late);
    expect([a.readingChanges, b.readingChanges, late.readingChanges]).toEqual([
      [false],
      [false],
      [false],
    ]);
    expect(handler.isLinkCongested).toBe(true);
    handler.linkCongested(false);
    expect([a.readingChanges, b.readingChanges, late.readingChanges]).toEqual([
      [false, true],
      [false, true],
      [false, true],
    ]);
  });

  it('lets players read again before connections that have not logged in', () => {
    const { handler } = setup();
    const order: string[] = [];
    const transport = (name: string): FakeTransport => {
      const t = new FakeTransport();
      t.setReading = (reading) => {
        if (reading) order.push(name);
      };
      return t;
    };
    handler.connect(transport('stranger'));
    const player = handler.connect(transport('player'));
    handler.loggedIn(player.sessid, 7, 'Ann');
    handler.connect(transport('another stranger'));
    handler.linkCongested(true);
    handler.linkCongested(false);
    expect(order).toEqual(['player', 'stranger', 'another stranger']);
  });

  it('still forwards input already read while congested: nothing is dropped', () => {
    const { handler, channel, toServer } = setup();
    handler.serverLinked(channel);
    const s = handler.connect(new FakeTransport());
    handler.describeAll();
    handler.serverReady();
    handler.linkCongested(true);
    handler.input(s, text('look'));
    expect(toServer.filter((m) => m.t === 'input')).toHaveLength(1);
  });

  it('reads again when the Server goes away (input is held here meanwhile)', () => {
    const { handler, channel } = setup();
    handler.serverLinked(channel);
    const t = new FakeTransport();
    handler.connect(t);
    handler.linkCongested(true);
    handler.serverUnlinked();
    expect(t.readingChanges).toEqual([false, true]);
    expect(handler.isLinkCongested).toBe(false);
  });

  it('goes on reading a session only when neither the link nor its budget holds it', () => {
    vi.useFakeTimers();
    try {
      const { handler, advance } = setup({
        maxInputRate: 50,
        maxHeldInputLines: 10,
        maxInputBytesPerSecondUnloggedIn: 1000,
      });
      const t = new FakeTransport();
      const s = handler.connect(t);
      handler.received(s, 2000); // a second of debt
      handler.linkCongested(true);
      handler.linkCongested(false);
      expect(t.readingChanges).toEqual([false]);
      handler.linkCongested(true);
      advance(1000);
      vi.advanceTimersByTime(1000);
      expect(t.readingChanges).toEqual([false]);
      handler.linkCongested(false);
      expect(t.readingChanges).toEqual([false, true]);
    } finally {
      vi.useRealTimers();
    }
  });
});
