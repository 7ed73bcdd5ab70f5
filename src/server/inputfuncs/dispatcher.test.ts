import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { newSessionSync } from '../../shared/session-data.ts';
import { ServerSession, type SessionOutlet } from '../sessions/server-session.ts';
import { registerClientOptionFuncs } from './client-options.ts';
import { registerCoreInputFuncs } from './core.ts';
import { TOO_FAST_MESSAGE } from '../../shared/input-notices.ts';
import { GAME_ERROR_NOTICE, InputDispatcher, inputDebugNotice } from './dispatcher.ts';
import { InputFuncRegistry } from './registry.ts';

function session(outlet: SessionOutlet, flags = {}) {
  const sync = newSessionSync(1, 'telnet', '127.0.0.1', 0);
  return new ServerSession({ ...sync, protocolFlags: { ...sync.protocolFlags, ...flags } }, outlet);
}

function outletInto(out: string[]): SessionOutlet {
  return {
    sendTo: (_s, cmds) => out.push(...cmds.map((c) => String(c[1][0]))),
    disconnect: () => undefined,
    sync: () => undefined,
  };
}

const silent = pino({ level: 'silent' });

describe('InputDispatcher', () => {
  it("runs one session's calls strictly in order, even when a call awaits", async () => {
    const registry = new InputFuncRegistry();
    const order: string[] = [];
    registry.register('text', async ({ args }) => {
      const line = String(args[0]);
      if (line === 'slow') await new Promise((r) => setTimeout(r, 30));
      order.push(line);
    });
    const dispatcher = new InputDispatcher(registry, silent);
    const s = session(outletInto([]));
    void dispatcher.dispatch(s, [['text', ['slow'], {}]]);
    await dispatcher.dispatch(s, [['text', ['fast'], {}]]);
    expect(order).toEqual(['slow', 'fast']);
  });

  it('turns an error in game code into a short notice, and the next call still runs', async () => {
    const registry = new InputFuncRegistry();
    registry.register('text', ({ args, session: s }) => {
      if (args[0] === 'boom') throw new Error('bug in game code');
      s.msg(`ran ${String(args[0])}`);
    });
    const out: string[] = [];
    const dispatcher = new InputDispatcher(registry, silent);
    const s = session(outletInto(out));
    await dispatcher.dispatch(s, [
      ['text', ['boom'], {}],
      ['text', ['look'], {}],
    ]);
    expect(out).toEqual([GAME_ERROR_NOTICE, 'ran look']);
  });

  it('shows the error itself to a session with INPUTDEBUG on, and only to that session', async () => {
    const registry = new InputFuncRegistry();
    registerClientOptionFuncs(registry);
    registry.register('get_value', () => {
      throw new TypeError('cannot read |rname|n of undefined');
    });
    const mine: string[] = [];
    const theirs: string[] = [];
    const logged: Array<Record<string, unknown>> = [];
    const log = pino(
      { level: 'error' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logged.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    );
    const dispatcher = new InputDispatcher(registry, log);
    const debugging = session(outletInto(mine));
    const other = session(outletInto(theirs));
    // The client turns INPUTDEBUG on itself (GMCP Core.Client_Options, the webclient's
    // client_options), then calls an inputfunc that throws.
    await dispatcher.dispatch(debugging, [['client_options', [], { inputdebug: 1 }]]);
    expect(debugging.protocolFlags['INPUTDEBUG']).toBe(true);
    await dispatcher.dispatch(debugging, [['get_value', [], {}]]);
    await dispatcher.dispatch(other, [['get_value', [], {}]]);
    expect(mine).toEqual([
      "Error in inputfunc 'get_value': TypeError: cannot read ||rname||n of undefined",
    ]);
    expect(theirs).toEqual([GAME_ERROR_NOTICE]);
    // Logged either way, with the trace.
    expect(logged.map((r) => r['inputfunc'])).toEqual(['get_value', 'get_value']);
    expect(String((logged[0]?.['err'] as { stack?: unknown }).stack)).toContain('TypeError');
  });

  it('cuts a long error under INPUTDEBUG and shows what was thrown when it is not an Error', () => {
    expect(inputDebugNotice('text', new Error('x'.repeat(2000))).length).toBeLessThan(600);
    expect(inputDebugNotice('text', 'plain string')).toBe(
      "Error in inputfunc 'text': plain string",
    );
  });

  it('keeps at most maxQueuedPerSession calls of a session waiting, dropping the rest with a notice', async () => {
    const registry = new InputFuncRegistry();
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const ran: string[] = [];
    registry.register('text', async ({ args }) => {
      await gate;
      ran.push(String(args[0]));
    });
    let now = 0;
    const out: string[] = [];
    const dispatcher = new InputDispatcher(registry, silent, () => now, 3);
    const s = session(outletInto(out));
    const other = session(outletInto([]));
    for (let i = 1; i <= 5; i++) void dispatcher.dispatch(s, [['text', [`line ${i}`], {}]]);
    void dispatcher.dispatch(s, [
      ['text', ['batch a'], {}],
      ['text', ['batch b'], {}],
    ]);
    expect(dispatcher.queuedFor(s)).toBe(3);
    expect(out).toEqual([TOO_FAST_MESSAGE]); // once, however many were dropped
    // Another session has its own queue.
    void dispatcher.dispatch(other, [['text', ['elsewhere'], {}]]);
    expect(dispatcher.queuedFor(other)).toBe(1);
    open();
    await dispatcher.drain([s, other]);
    expect(ran.filter((line) => line !== 'elsewhere')).toEqual(['line 1', 'line 2', 'line 3']);
    expect(ran).toContain('elsewhere');
    expect(dispatcher.queuedFor(s)).toBe(0);
    // Room again: a batch is cut to what fits, and the notice waits out its second.
    now = 500;
    await dispatcher.dispatch(s, [
      ['text', ['x'], {}],
      ['text', ['y'], {}],
      ['text', ['z'], {}],
      ['text', ['dropped'], {}],
    ]);
    expect(ran.slice(4)).toEqual(['x', 'y', 'z']);
    expect(out).toEqual([TOO_FAST_MESSAGE]);
    now = 1000;
    void dispatcher.dispatch(
      s,
      Array.from({ length: 4 }, (_, i) => ['text', [`${i}`], {}]),
    );
    expect(out).toEqual([TOO_FAST_MESSAGE, TOO_FAST_MESSAGE]);
    await dispatcher.drain([s]);
  });

  it('counts real input, not keepalives, and routes unknown names to default', async () => {
    const registry = new InputFuncRegistry();
    registerCoreInputFuncs(registry, { run: () => undefined }, silent);
    let now = 100;
    const out: string[] = [];
    const dispatcher = new InputDispatcher(registry, silent, () => now);
    const s = session(outletInto(out), { INPUTDEBUG: true });
    await dispatcher.dispatch(s, [['text', ['look'], {}]]);
    now = 200;
    await dispatcher.dispatch(s, [
      ['idle', [], {}],
      ['no_such_func', [], {}],
      ['echo', ['hi', 2], {}],
    ]);
    expect(s.cmdTotal).toBe(3);
    expect(s.cmdLast).toBe(200);
    expect(out).toEqual(["Input function 'no_such_func' is not recognised.", 'Echo returns: hi 2']);
    expect(registry.names()).toEqual(['default', 'echo', 'idle', 'text']);
  });
});
