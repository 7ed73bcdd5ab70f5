/**
 * A game's session class (registerSessionClass) and cmdsets on one session: the handler builds
 * sessions with the class at connect and at a rebuild, runs its hooks in order, falls back
 * loudly when the class throws, and carries a session's own sets over a reload by name.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { newSessionSync, type SessionSync } from '../../shared/session-data.ts';
import { CmdSet } from '../commands/cmdset.ts';
import { CmdSetRegistry } from '../commands/cmdset-registry.ts';
import { probe } from '../commands/test-commands.ts';
import { createLockFuncRegistry } from '../locks/builtin-lock-funcs.ts';
import { ServerSession } from './server-session.ts';
import { ServerSessionHandler } from './server-session-handler.ts';

class CharGenSet extends CmdSet {
  override key = 'chargen';
  override atCmdsetCreation(): void {
    this.add(probe('chargen'));
  }
}

class UnnamedSet extends CmdSet {
  override key = 'unnamed';
}

const order: string[] = [];

class TracingSession extends ServerSession {
  constructor(...args: ConstructorParameters<typeof ServerSession>) {
    super(...args);
    order.push(`constructor #${this.sessid}`);
  }
  override atSync(): void {
    order.push(`atSync #${this.sessid} sets=${this.cmdsetIfMade?.all().length ?? 0}`);
    this.ndb['syncs'] = ((this.ndb['syncs'] as number | undefined) ?? 0) + 1;
  }
}

class BrokenConstructor extends ServerSession {
  constructor(...args: ConstructorParameters<typeof ServerSession>) {
    super(...args);
    throw new Error('constructor went wrong');
  }
}

class BrokenSync extends ServerSession {
  override atSync(): void {
    throw new Error('atSync went wrong');
  }
}

function sync(sessid: number, extra: Partial<SessionSync> = {}): SessionSync {
  return { ...newSessionSync(sessid, 'telnet', '127.0.0.1', 1), ...extra };
}

function setup() {
  const records: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      records.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const registry = new CmdSetRegistry().register('chargen', CharGenSet);
  const handler = new ServerSessionHandler(pino({ level: 'debug' }, sink), {
    cmdsets: { lockFuncs: createLockFuncRegistry(), registry },
  });
  const synced: SessionSync[] = [];
  handler.linked({
    send: (m) => {
      if (m.t === 'syncSessions') synced.push(...m.sessions);
    },
  });
  return { handler, records, synced, registry };
}

describe('the session class', () => {
  it('builds sessions with the registered class at connect and at a rebuild, constructor then atSync', () => {
    const { handler } = setup();
    handler.useSessionClass(TracingSession);
    order.length = 0;
    const connected = handler.portalConnect(sync(1));
    expect(connected).toBeInstanceOf(TracingSession);
    expect(connected.ndb['syncs']).toBe(1);
    // A reload is a new Server: a new handler rebuilds from the Portal's copies.
    const next = setup().handler;
    next.useSessionClass(TracingSession);
    next.portalRebuild('boot-A', [connected.toSync(), sync(2)]);
    expect(next.get(1)).toBeInstanceOf(TracingSession);
    expect(next.get(2)).toBeInstanceOf(TracingSession);
    expect(order).toEqual([
      'constructor #1',
      'atSync #1 sets=0',
      'constructor #1',
      'atSync #1 sets=0',
      'constructor #2',
      'atSync #2 sets=0',
    ]);
  });

  it('a constructor that throws: logged as SESSION_CLASS naming the class, the session is a ServerSession', () => {
    const { handler, records } = setup();
    handler.useSessionClass(BrokenConstructor);
    const session = handler.portalConnect(sync(1));
    expect(session.constructor).toBe(ServerSession);
    expect(handler.get(1)).toBe(session);
    const entry = records.find((r) => r['code'] === 'SESSION_CLASS');
    expect(entry?.['level']).toBe(50); // error
    expect(entry?.['sessionClass']).toBe('BrokenConstructor');
    expect(String(entry?.['msg'])).toContain('constructor went wrong');
  });

  it('an atSync that throws at a rebuild falls back the same way; other sessions keep the class', () => {
    const { handler, records } = setup();
    let calls = 0;
    class SometimesBroken extends ServerSession {
      override atSync(): void {
        calls += 1;
        if (this.sessid === 2) throw new Error('atSync went wrong');
      }
    }
    handler.useSessionClass(SometimesBroken);
    handler.portalRebuild('boot-A', [sync(1), sync(2)]);
    expect(handler.get(1)).toBeInstanceOf(SometimesBroken);
    expect(handler.get(2)?.constructor).toBe(ServerSession);
    expect(calls).toBe(2);
    expect(records.filter((r) => r['code'] === 'SESSION_CLASS')).toHaveLength(1);
    handler.useSessionClass(BrokenSync);
    expect(handler.portalConnect(sync(3)).constructor).toBe(ServerSession);
  });

  it('refuses something that is not a ServerSession class', () => {
    const { handler } = setup();
    let caught: unknown;
    try {
      handler.useSessionClass(class NotASession {} as unknown as typeof ServerSession);
    } catch (err) {
      caught = err;
    }
    expect(isWaystoneError(caught, 'SESSION_CLASS')).toBe(true);
  });
});

describe("a session's own cmdsets", () => {
  it('are made on first use only, saved by name into serverData and synced to the Portal', () => {
    const { handler, synced } = setup();
    const session = handler.portalConnect(sync(1));
    const idle = handler.portalConnect(sync(2));
    expect(session.cmdsetIfMade).toBeNull();
    session.cmdset.add(new CharGenSet());
    expect(session.cmdsetIfMade?.has('chargen')).toBe(true);
    expect(session.serverData['cmdsets']).toEqual(['', 'chargen']);
    expect(synced.at(-1)?.serverData['cmdsets']).toEqual(['', 'chargen']);
    expect(idle.cmdsetIfMade).toBeNull();
    expect(idle.serverData['cmdsets']).toBeUndefined();
    session.cmdset.remove('chargen');
    expect(session.serverData['cmdsets']).toBeUndefined();
  });

  it('refuse a set with no registered name (CMDSET_NOT_REGISTERED) unless it is added as temporary', () => {
    const { handler } = setup();
    const session = handler.portalConnect(sync(1));
    let caught: unknown;
    try {
      session.cmdset.add(new UnnamedSet());
    } catch (err) {
      caught = err;
    }
    expect(isWaystoneError(caught, 'CMDSET_NOT_REGISTERED')).toBe(true);
    session.cmdset.add(new UnnamedSet(), { persistent: false });
    expect(session.cmdset.has('unnamed')).toBe(true);
    expect(session.serverData['cmdsets']).toBeUndefined();
  });

  it('come back after a reload before atSync runs; an unregistered name is logged as CMDSET_UNKNOWN', () => {
    const first = setup().handler;
    const session = first.portalConnect(sync(1));
    session.cmdset.add(CharGenSet);
    const { handler, records } = setup();
    handler.useSessionClass(TracingSession);
    order.length = 0;
    const carried = session.toSync();
    carried.serverData['cmdsets'] = ['', 'gone', 'chargen'];
    handler.portalRebuild('boot-A', [carried]);
    const rebuilt = handler.get(1);
    expect(rebuilt?.cmdsetIfMade?.all().map((s) => s.key)).toEqual(['chargen']);
    expect(rebuilt?.cmdsetIfMade?.all()[0]?.owner).toBe(rebuilt);
    expect(rebuilt?.serverData['cmdsets']).toEqual(['', 'chargen']);
    expect(order).toEqual(['constructor #1', 'atSync #1 sets=1']);
    const unknown = records.find((r) => r['code'] === 'CMDSET_UNKNOWN');
    expect(unknown?.['level']).toBe(50);
    expect(unknown?.['cmdset']).toBe('gone');
  });
});
