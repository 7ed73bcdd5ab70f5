/**
 * Client monitors on real objects (SQLite), real sessions and the real puppeting layer: what a
 * client is sent when the puppet's attributes change, when it moves, when the session takes
 * another character, after a reload, and that nothing is left watching once a session is gone.
 */
import { describe, expect, it } from 'vitest';
import type { ServerToPortal } from '../../link/messages.ts';
import { newSessionSync, type FuncCall } from '../../shared/session-data.ts';
import { DefaultAccount, type AccountState } from '../accounts/account.ts';
import { objectManager } from '../objects/test-support.ts';
import { Puppeting } from '../puppeting/puppeting.ts';
import { multisessionRules } from '../puppeting/multisession.ts';
import { ServerSession } from '../sessions/server-session.ts';
import { ServerSessionHandler } from '../sessions/server-session-handler.ts';
import { silentLog, useBackend } from '../storage/test-support.ts';
import { newAccountRow } from '../storage/test-values.ts';
import { ClientVariables } from './client-variables.ts';
import { MONITORS_KEY, MonitorHandler } from './monitor-handler.ts';

type Account = DefaultAccount<ServerSession>;

const backend = useBackend('sqlite');

async function world(options: { realTimers?: boolean; max?: number } = {}) {
  const storage = await backend.open();
  const objects = objectManager(storage);
  const sessions = new ServerSessionHandler(silentLog);
  const sent: ServerToPortal[] = [];
  sessions.linked({ send: (m) => sent.push(m) });
  const variables = new ClientVariables('Testgame').attribute('hp', { msdp: 'HEALTH' });
  const pending: Array<() => void> = [];
  const monitors = new MonitorHandler({
    variables,
    puppetOf: (s) => puppeting.puppetOf(s),
    sync: (s) => sessions.sync(s),
    log: silentLog,
    ...(options.realTimers ? {} : { schedule: (fn: () => void) => void pending.push(fn) }),
    ...(options.max === undefined ? {} : { maxPerSession: options.max }),
  });
  const puppeting: Puppeting = new Puppeting({
    objects,
    sessions,
    log: silentLog,
    rules: multisessionRules({
      multisessionMode: 2,
      autoCreateCharacterWithAccount: 'auto',
      autoPuppetOnLogin: 'auto',
      maxNrSimultaneousPuppets: 'auto',
      maxNrCharacters: 'auto',
    }),
    onPuppetChange: (s) => monitors.puppetChanged(s),
  });
  const limbo = await puppeting.startWorld();
  const { passwordHash: _hash, ...state } = await storage.accounts.create(newAccountRow('Ann'));
  const ann: Account = new DefaultAccount<ServerSession>(state as AccountState, {
    sessions: () => sessions.byAccount(state.id),
    puppeteer: () => puppeting,
  });
  let nextSessid = 1;
  const connect = (): ServerSession => {
    const session = sessions.portalConnect(
      newSessionSync(nextSessid++, 'telnet', '127.0.0.1', Date.now()),
    );
    session.atLogin(ann, Date.now());
    return session;
  };
  /** The OOB calls (not text) `session` was sent since the last call. */
  let seen = 0;
  const oob = (session: ServerSession): FuncCall[] => {
    const calls: FuncCall[] = [];
    for (const m of sent.slice(seen)) {
      if (m.t !== 'output' || m.sessid !== session.sessid) continue;
      for (const call of m.cmds) if (call[0] === 'monitor' || call[0] === 'msdp') calls.push(call);
    }
    seen = sent.length;
    return calls;
  };
  const flush = (): void => {
    for (const fn of pending.splice(0)) fn();
  };
  const char1 = await puppeting.createCharacter(ann, 'Ann');
  const char2 = await puppeting.createCharacter(ann, 'Annette');
  const garden = await objects.create({ typeclass: 'DefaultRoom', key: 'Garden' });
  return {
    objects,
    sessions,
    puppeting,
    variables,
    monitors,
    ann,
    limbo,
    garden,
    char1,
    char2,
    connect,
    oob,
    flush,
    pending,
    sent,
  };
}

const v = (w: Awaited<ReturnType<typeof world>>, name: string) => w.variables.get(name)!;

describe('MonitorHandler', () => {
  it('sends the current value at once, then each change once, with the last of several writes', async () => {
    const w = await world();
    const s = w.connect();
    await w.ann.puppetObject(s, w.char1);
    w.char1.db['hp'] = 10;
    w.flush();
    w.oob(s);
    expect(w.monitors.add(s, v(w, 'hp'), 'monitor')).toEqual({ ok: true, value: 10 });
    w.char1.db['hp'] = 9;
    w.char1.db['hp'] = 8;
    w.char1.db['hp'] = 7;
    expect(w.pending).toHaveLength(1); // one flush scheduled for three writes
    w.flush();
    expect(w.oob(s)).toEqual([['monitor', [], { name: 'hp', value: 7 }]]);
    // Written back to what the client has, or another attribute: nothing is sent.
    w.char1.db['hp'] = 7;
    w.char1.db['mana'] = 3;
    w.flush();
    expect(w.oob(s)).toEqual([]);
    delete w.char1.db['hp'];
    w.flush();
    expect(w.oob(s)).toEqual([['monitor', [], { name: 'hp', value: null }]]);
  });

  it('watches the puppet moving and being renamed; MSDP reports come as one msdp call', async () => {
    const w = await world();
    const s = w.connect();
    await w.ann.puppetObject(s, w.char1);
    w.flush();
    w.oob(s);
    expect(w.monitors.add(s, v(w, 'location'), 'monitor')).toMatchObject({ value: 'Limbo' });
    w.monitors.add(s, v(w, 'location'), 'msdp');
    w.monitors.add(s, v(w, 'name'), 'msdp');
    await w.char1.moveTo(w.garden, { quiet: true });
    w.flush();
    expect(w.oob(s)).toEqual([
      ['monitor', [], { name: 'location', value: 'Garden' }],
      ['msdp', [], { ROOM_NAME: 'Garden' }],
    ]);
    w.char1.key = 'Annabel';
    w.flush();
    expect(w.oob(s)).toEqual([['msdp', [], { CHARACTER_NAME: 'Annabel' }]]);
  });

  it('follows the session to another character, and watches nothing out of character', async () => {
    const w = await world();
    const s = w.connect();
    await w.ann.puppetObject(s, w.char1);
    w.char1.db['hp'] = 10;
    w.char2.db['hp'] = 4;
    w.flush();
    w.monitors.add(s, v(w, 'hp'), 'monitor');
    w.monitors.add(s, v(w, 'name'), 'monitor');
    w.oob(s);
    await w.ann.puppetObject(s, w.char2);
    w.flush();
    expect(w.oob(s)).toEqual([
      ['monitor', [], { name: 'hp', value: 4 }],
      ['monitor', [], { name: 'name', value: 'Annette' }],
    ]);
    // The old character is no longer watched for this session; the new one is.
    w.char1.db['hp'] = 1;
    w.char2.db['hp'] = 3;
    w.flush();
    expect(w.oob(s)).toEqual([['monitor', [], { name: 'hp', value: 3 }]]);
    expect(w.monitors.watchedObjects).toBe(1);
    await w.puppeting.unpuppet(s);
    w.flush();
    expect(w.oob(s)).toEqual([
      ['monitor', [], { name: 'hp', value: null }],
      ['monitor', [], { name: 'name', value: 'Ann' }], // the account's name, out of character
    ]);
    expect(w.monitors.watchedObjects).toBe(0);
    w.char2.db['hp'] = 2;
    w.flush();
    expect(w.oob(s)).toEqual([]);
  });

  it('a watch asked for out of character starts sending when the session takes a character', async () => {
    const w = await world();
    const s = w.connect();
    w.char1.db['hp'] = 12;
    expect(w.monitors.add(s, v(w, 'hp'), 'msdp')).toEqual({ ok: true, value: null });
    expect(w.monitors.watchedObjects).toBe(0);
    await w.ann.puppetObject(s, w.char1);
    w.flush();
    expect(w.oob(s)).toEqual([['msdp', [], { HEALTH: 12 }]]);
  });

  it('ends with the session, and a session only hears its own watches', async () => {
    const w = await world();
    const s1 = w.connect();
    const s2 = w.connect();
    await w.ann.puppetObject(s1, w.char1);
    await w.ann.puppetObject(s2, w.char2);
    w.flush();
    w.monitors.add(s1, v(w, 'hp'), 'monitor');
    w.monitors.add(s2, v(w, 'desc'), 'monitor');
    w.oob(s1);
    w.char1.db['hp'] = 5;
    w.char2.db['hp'] = 5;
    w.flush();
    expect(w.oob(s2)).toEqual([]);
    w.monitors.sessionGone(s1);
    w.char1.db['hp'] = 6;
    w.flush();
    expect(w.oob(s1)).toEqual([]);
    expect(w.monitors.watchedObjects).toBe(1);
    w.monitors.sessionGone(s2);
    expect(w.monitors.watchedObjects).toBe(0);
  });

  it('refuses what cannot change and more than the per-session limit; remove and clear stop', async () => {
    const w = await world({ max: 2 });
    const s = w.connect();
    await w.ann.puppetObject(s, w.char1);
    expect(w.monitors.add(s, v(w, 'servername'), 'monitor')).toEqual({
      ok: false,
      error: "'servername' cannot be monitored",
    });
    w.monitors.add(s, v(w, 'hp'), 'monitor');
    w.monitors.add(s, v(w, 'hp'), 'monitor'); // the same again takes no second place
    w.monitors.add(s, v(w, 'hp'), 'msdp');
    expect(w.monitors.add(s, v(w, 'name'), 'msdp')).toEqual({
      ok: false,
      error: 'at most 2 monitors per session',
    });
    expect(w.monitors.remove(s, 'hp', 'monitor')).toBe(true);
    expect(w.monitors.remove(s, 'hp', 'monitor')).toBe(false);
    expect(w.monitors.watched(s, 'msdp').map((x) => x.msdp)).toEqual(['HEALTH']);
    expect(w.monitors.clear(s, 'msdp')).toBe(1);
    expect(w.monitors.watchedObjects).toBe(0);
    expect(s.serverData[MONITORS_KEY]).toBeUndefined();
  });

  it('keeps the names in serverData, and a rebuilt session gets them back quietly', async () => {
    const w = await world();
    const s = w.connect();
    await w.ann.puppetObject(s, w.char1);
    w.char1.db['hp'] = 10;
    w.monitors.add(s, v(w, 'hp'), 'monitor');
    w.monitors.add(s, v(w, 'location'), 'msdp');
    expect(s.serverData[MONITORS_KEY]).toEqual([
      ['monitor', 'hp'],
      ['msdp', 'location'],
    ]);
    // The Portal was told (the names must survive a reload).
    const synced = w.sent.filter((m) => m.t === 'syncSessions');
    expect(JSON.stringify(synced.at(-1))).toContain('"monitors":[["monitor","hp"]');

    // A new Server: a fresh handler, the session rebuilt from what the Portal held.
    const w2 = await world();
    const rebuilt = w2.sessions.portalConnect({ ...s.toSync(), sessid: 99 });
    rebuilt.account = w2.ann;
    await w2.ann.puppetObject(rebuilt, w2.char1);
    w2.char1.db['hp'] = 10;
    w2.flush();
    w2.oob(rebuilt);
    w2.monitors.restore(rebuilt);
    w2.flush();
    expect(w2.oob(rebuilt)).toEqual([]); // nothing resent: the client has these values
    w2.char1.db['hp'] = 9;
    await w2.char1.moveTo(w2.garden, { quiet: true });
    w2.flush();
    expect(w2.oob(rebuilt)).toEqual([
      ['monitor', [], { name: 'hp', value: 9 }],
      ['msdp', [], { ROOM_NAME: 'Garden' }],
    ]);
  });

  it('a variable whose read throws is logged and not sent; the others still are', async () => {
    const w = await world();
    w.variables.add({
      name: 'broken',
      read: () => {
        throw new Error('game bug');
      },
      watch: { attributes: ['hp'] },
    });
    const s = w.connect();
    await w.ann.puppetObject(s, w.char1);
    expect(w.monitors.add(s, v(w, 'broken'), 'monitor')).toEqual({ ok: true, value: null });
    w.monitors.add(s, v(w, 'hp'), 'monitor');
    w.oob(s);
    w.char1.db['hp'] = 3;
    w.flush();
    expect(w.oob(s)).toEqual([['monitor', [], { name: 'hp', value: 3 }]]);
  });

  it('flushes by itself on the next turn of the event loop', async () => {
    const w = await world({ realTimers: true });
    const s = w.connect();
    await w.ann.puppetObject(s, w.char1);
    w.monitors.add(s, v(w, 'hp'), 'monitor');
    w.oob(s);
    w.char1.db['hp'] = 42;
    expect(w.oob(s)).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(w.oob(s)).toEqual([['monitor', [], { name: 'hp', value: 42 }]]);
  });
});
