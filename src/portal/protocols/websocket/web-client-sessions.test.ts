/**
 * Resume and grace, in process: fake sockets under real WebClientTransports and a real
 * PortalSessionHandler, with fake timers for the grace period.
 */
import { EventEmitter } from 'node:events';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { PortalToServer } from '../../../link/messages.ts';
import { PortalSessionHandler } from '../../sessions/portal-session-handler.ts';
import { LOGIN_TIMEOUT_MESSAGE } from '../../admission/login-timeout.ts';
import { MALFORMED_INPUT_REASON } from '../malformed-input.ts';
import { GRACE_EXPIRED_REASON } from '../websocket-connection.ts';
import { EvenniaJsonFormat } from './evennia-json.ts';
import { EVICTED_REASON, WebClientSessions } from './web-client-sessions.ts';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closedWith: number | null = null;
  send(data: string): void {
    this.sent.push(String(data));
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  terminate(): void {
    this.readyState = 3;
  }
  /** The peer went away with `code`. */
  drop(code: number): void {
    this.readyState = 3;
    this.emit('close', code);
  }
  input(call: unknown[]): void {
    this.emit('message', Buffer.from(JSON.stringify(call)), false);
  }
}

const CSESSID = 'abcdefghijklmnop1234';
const format = (): EvenniaJsonFormat => new EvenniaJsonFormat({ maxLineLength: 100 });

function setup(
  maxOutputBufferBytes = 1 << 20,
  extra: { maxWaiting?: number; loginTimeoutMs?: number; maxProtocolErrors?: number } = {},
) {
  const sent: PortalToServer[] = [];
  const log = pino({ level: 'silent' });
  const handler = new PortalSessionHandler(
    'boot',
    0,
    { maxInputRate: 100, maxHeldInputLines: 10 },
    log,
  );
  handler.serverLinked({ send: (m) => sent.push(m) });
  handler.describeAll();
  handler.serverReady();
  const clients = new WebClientSessions(
    handler,
    {
      maxLineLength: 100,
      maxOutputBufferBytes,
      graceMs: 60_000,
      ...(extra.loginTimeoutMs !== undefined ? { loginTimeoutMs: extra.loginTimeoutMs } : {}),
      ...(extra.maxProtocolErrors !== undefined
        ? { maxProtocolErrors: extra.maxProtocolErrors }
        : {}),
    },
    log,
    extra.maxWaiting,
  );
  const open = (csessid: string | null = CSESSID): FakeSocket => {
    const ws = new FakeSocket();
    clients.open(ws as unknown as WebSocket, format(), '127.0.0.1', csessid);
    return ws;
  };
  return { handler, clients, sent, open };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('webclient sessions', () => {
  it('keeps output while detached and delivers it, in order, on resume', () => {
    const { handler, open, sent } = setup();
    const first = open();
    expect(handler.get(1)?.data.csessid).toBe(CSESSID);
    first.drop(1001);
    handler.output(1, [['text', ['one'], {}]]);
    handler.output(1, [['text', ['two'], {}]]);
    const second = open();
    expect(second.sent).toEqual([
      '["session_resumed",[],{"sessid":1}]',
      '["text",["one"],{}]',
      '["text",["two"],{}]',
    ]);
    second.input(['text', ['look'], {}]);
    expect(sent.at(-1)).toEqual({ t: 'input', sessid: 1, cmds: [['text', ['look'], {}]] });
    expect(handler.count).toBe(1);
  });

  it('closes the session when the grace period ends', () => {
    const { handler, open, sent, clients } = setup();
    open().drop(1006);
    vi.advanceTimersByTime(59_000);
    expect(handler.count).toBe(1);
    vi.advanceTimersByTime(2_000);
    expect(handler.count).toBe(0);
    expect(clients.size).toBe(0);
    expect(sent.at(-1)).toEqual({ t: 'sessionClosed', sessid: 1, reason: GRACE_EXPIRED_REASON });
    open();
    expect(handler.get(2)).toBeDefined(); // a new session, not the old one
  });

  it('ends at once on a deliberate close, or when there is no csessid', () => {
    const { handler, open } = setup();
    open().drop(1000);
    expect(handler.count).toBe(0);
    open(null).drop(1001);
    expect(handler.count).toBe(0);
    const ws = open();
    ws.input(['websocket_close', [], {}]);
    expect(handler.count).toBe(0);
    expect(ws.closedWith).toBe(1000);
  });

  it('closes a detached session whose kept output passes the cap', () => {
    const { handler, open } = setup(1000);
    open().drop(1001);
    handler.output(1, [['text', ['x'.repeat(2000)], {}]]);
    expect(handler.count).toBe(0);
  });

  it('a newer socket with the same csessid takes over; the older one gets 4001', () => {
    const { handler, open } = setup();
    const older = open();
    const newer = open();
    expect(older.closedWith).toBe(4001);
    older.drop(4001); // its late close event must not detach the newer socket
    handler.output(1, [['text', ['hi'], {}]]);
    expect(newer.sent.at(-1)).toBe('["text",["hi"],{}]');
    expect(handler.count).toBe(1);
  });

  it('the game closing the session closes the socket and forgets the csessid', () => {
    const { handler, open, clients } = setup();
    const ws = open();
    handler.disconnectFromServer(1, 'Good bye!');
    expect(ws.sent.at(-1)).toBe('["text",["Good bye!"],{}]');
    expect(ws.closedWith).toBe(1000);
    expect(clients.size).toBe(0);
  });
});

describe('webclient session limits', () => {
  it('keeps at most maxWaiting sessions waiting: the longest-waiting one is closed', () => {
    const { handler, open, clients, sent } = setup(1 << 20, { maxWaiting: 2 });
    open('aaaaaaaaaaaaaaaa0001').drop(1006);
    open('aaaaaaaaaaaaaaaa0002').drop(1006);
    expect(clients.waitingCount).toBe(2);
    open('aaaaaaaaaaaaaaaa0003').drop(1006);
    expect(clients.waitingCount).toBe(2);
    expect(handler.get(1)).toBeUndefined();
    expect(sent).toContainEqual({ t: 'sessionClosed', sessid: 1, reason: EVICTED_REASON });
    // A resumed session no longer waits, so it is not the one closed next.
    const back = open('aaaaaaaaaaaaaaaa0002');
    expect(back.sent[0]).toBe('["session_resumed",[],{"sessid":2}]');
    expect(clients.waitingCount).toBe(1);
    open('aaaaaaaaaaaaaaaa0004').drop(1006);
    open('aaaaaaaaaaaaaaaa0005').drop(1006);
    expect(handler.get(2)).toBeDefined();
    expect(handler.get(3)).toBeUndefined();
  });

  it('closes a session that has not logged in within the timeout, and not one that has', () => {
    const { handler, open, sent } = setup(1 << 20, { loginTimeoutMs: 300_000 });
    const idle = open('aaaaaaaaaaaaaaaa0001');
    open('aaaaaaaaaaaaaaaa0002');
    handler.loggedIn(2, 7, 'Cora');
    vi.advanceTimersByTime(299_000);
    expect(handler.count).toBe(2);
    vi.advanceTimersByTime(1_000);
    expect(handler.count).toBe(1);
    expect(handler.get(2)).toBeDefined();
    expect(idle.sent.at(-1)).toBe(JSON.stringify(['text', [LOGIN_TIMEOUT_MESSAGE], {}]));
    expect(idle.closedWith).toBe(1000);
    expect(sent).toContainEqual({ t: 'sessionClosed', sessid: 1, reason: LOGIN_TIMEOUT_MESSAGE });
  });

  it('closes a client that keeps sending messages that do not decode', () => {
    const { handler, open } = setup(1 << 20, { maxProtocolErrors: 5 });
    const ws = open();
    for (let i = 0; i < 5; i += 1) ws.emit('message', Buffer.from('not json'), false);
    expect(handler.count).toBe(1);
    ws.emit('message', Buffer.from('not json'), false);
    expect(handler.count).toBe(0);
    expect(ws.sent.at(-1)).toBe(JSON.stringify(['text', [MALFORMED_INPUT_REASON], {}]));
    expect(ws.closedWith).toBe(1000);
  });
});

describe('webclient output per turn', () => {
  it("holds a turn's frames on the TCP socket and lets them go together when the turn ends", () => {
    const { handler, clients } = setup();
    const ws = new FakeSocket();
    const raw = { corks: 0, uncorks: 0, cork: () => raw.corks++, uncork: () => raw.uncorks++ };
    const transport = clients.open(ws as unknown as WebSocket, format(), '127.0.0.1', null, raw);
    const frames = ws.sent.length;
    handler.output(transport.session.sessid, [['text', ['one'], {}]]);
    handler.output(transport.session.sessid, [['text', ['two'], {}]]);
    expect(ws.sent.length).toBe(frames + 2);
    expect(raw).toMatchObject({ corks: 1, uncorks: 0 });
    vi.runAllTimers();
    expect(raw).toMatchObject({ corks: 1, uncorks: 1 });
    handler.output(transport.session.sessid, [['text', ['three'], {}]]);
    vi.runAllTimers();
    expect(raw).toMatchObject({ corks: 2, uncorks: 2 });
  });
});
