import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { newSessionSync } from '../../shared/session-data.ts';
import { ServerSession, type SessionOutlet } from '../sessions/server-session.ts';
import { registerCoreInputFuncs } from './core.ts';
import { GAME_ERROR_NOTICE, InputDispatcher } from './dispatcher.ts';
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
