import { describe, expect, it } from 'vitest';
import { newSessionSync, type FuncCall } from '../../shared/session-data.ts';
import { ServerSession } from '../sessions/server-session.ts';
import { registerClientOptionFuncs, validateFlags } from './client-options.ts';
import { InputFuncRegistry } from './registry.ts';

function setup() {
  const out: FuncCall[] = [];
  let syncs = 0;
  const session = new ServerSession(newSessionSync(1, 'telnet', '127.0.0.1', 0), {
    sendTo: (_s, cmds) => out.push(...cmds),
    disconnect: () => undefined,
    sync: () => (syncs += 1),
  });
  const registry = new InputFuncRegistry();
  registerClientOptionFuncs(registry);
  const call = async (name: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}) =>
    registry.resolve(name)!({ session, name, args, kwargs });
  return { session, out, call, registry, syncs: () => syncs };
}

describe('client option inputfuncs', () => {
  it('validates flags by type and refuses unknown names and bad values', () => {
    const { accepted, refused } = validateFlags({
      screenwidth: '120',
      NOCOLOR: 'true',
      ENCODING: 'latin-1',
      SCREENHEIGHT: -3,
      EVIL: 'x',
      ANSI: 'maybe',
    });
    expect(accepted).toEqual({ SCREENWIDTH: 120, NOCOLOR: true, ENCODING: 'latin-1' });
    expect(refused.sort()).toEqual(['ANSI', 'EVIL', 'SCREENHEIGHT']);
  });

  it('client_options sets flags, syncs them, and answers a get', async () => {
    const { session, out, call, syncs } = setup();
    await call('client_options', [], { SCREENREADER: true });
    expect(session.protocolFlags['SCREENREADER']).toBe(true);
    expect(syncs()).toBe(1);
    expect(out).toHaveLength(0);
    await call('hello', [], { get: true });
    expect(out[0]?.[0]).toBe('client_options');
    expect(out[0]?.[2]).toMatchObject({ SCREENREADER: true, ENCODING: 'utf-8' });
  });

  it('a client telling its height may be paged to it (AUTORESIZE); PAGER is a player choice', async () => {
    const { session, call } = setup();
    await call('client_options', [], { SCREENWIDTH: 100 });
    expect(session.protocolFlags['AUTORESIZE']).toBeUndefined();
    await call('client_options', [], { SCREENWIDTH: 100, SCREENHEIGHT: 30 });
    expect(session.protocolFlags).toMatchObject({ SCREENHEIGHT: 30, AUTORESIZE: true });
    expect(validateFlags({ PAGER: 'off', AUTORESIZE: true })).toEqual({
      accepted: { PAGER: false },
      refused: ['AUTORESIZE'],
    });
  });

  it('lists inputfuncs, answers ping, and keeps bounded webclient options', async () => {
    const { out, call } = setup();
    await call('get_inputfuncs');
    expect(out[0]?.[1]).toContain('client_options');
    await call('ping', ['t1']);
    expect(out[1]).toEqual(['ping', ['t1'], {}]);
    await call('webclient_options', [], { theme: 'dark', huge: 'x'.repeat(1000), fn: {} });
    expect(out[2]).toEqual(['webclient_options', [], { theme: 'dark' }]);
  });
});
