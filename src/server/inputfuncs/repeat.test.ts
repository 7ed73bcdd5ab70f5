import { afterEach, describe, expect, it, vi } from 'vitest';
import { newSessionSync, type FuncCall } from '../../shared/session-data.ts';
import { ServerSession } from '../sessions/server-session.ts';
import { InputFuncRegistry } from './registry.ts';
import { MAX_REPEATS_PER_SESSION, Repeats } from './repeat.ts';

afterEach(() => vi.useRealTimers());

function setup() {
  vi.useFakeTimers();
  const texts: string[] = [];
  const session = new ServerSession(newSessionSync(1, 'telnet', '127.0.0.1', 0), {
    sendTo: (_s, cmds) => texts.push(...cmds.map((c) => String(c[1][0]))),
    disconnect: () => undefined,
    sync: () => undefined,
  });
  const ran: FuncCall[] = [];
  const registry = new InputFuncRegistry();
  for (let i = 0; i < 10; i++) registry.register(`f${i}`, () => undefined);
  const repeats = new Repeats((_s, call) => ran.push(call));
  repeats.register(registry);
  const call = (name: string, kwargs: Record<string, unknown>) =>
    registry.resolve(name)!({ session, name, args: [], kwargs });
  return { session, texts, ran, repeats, call };
}

describe('repeat / unrepeat', () => {
  it('calls the inputfunc every interval until unrepeat', async () => {
    const { ran, call } = setup();
    await call('repeat', { callback: 'f1', interval: 5 });
    vi.advanceTimersByTime(15_000);
    expect(ran).toHaveLength(3);
    await call('unrepeat', { callback: 'f1' });
    vi.advanceTimersByTime(15_000);
    expect(ran).toHaveLength(3);
  });

  it('refuses intervals under 5 s, unknown inputfuncs, and more than the per-session cap', async () => {
    const { texts, call, ran } = setup();
    await call('repeat', { callback: 'f1', interval: 1 });
    await call('repeat', { callback: 'nope', interval: 10 });
    for (let i = 0; i <= MAX_REPEATS_PER_SESSION; i++)
      await call('repeat', { callback: `f${i}`, interval: 5 });
    expect(texts.some((t) => t.includes('at least 5 seconds'))).toBe(true);
    expect(texts.some((t) => t.includes("unknown inputfunc 'nope'"))).toBe(true);
    expect(texts.some((t) => t.includes(`at most ${MAX_REPEATS_PER_SESSION}`))).toBe(true);
    vi.advanceTimersByTime(5000);
    expect(ran).toHaveLength(MAX_REPEATS_PER_SESSION);
  });

  it("stops all of a session's repeats when it goes away", async () => {
    const { session, repeats, ran, call } = setup();
    await call('repeat', { callback: 'f1', interval: 5 });
    repeats.clear(session);
    vi.advanceTimersByTime(20_000);
    expect(ran).toHaveLength(0);
  });
});
