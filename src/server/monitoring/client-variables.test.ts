import { describe, expect, it } from 'vitest';
import { newSessionSync } from '../../shared/session-data.ts';
import type { DefaultObject } from '../objects/object.ts';
import { ServerSession } from '../sessions/server-session.ts';
import {
  ClientVariables,
  MAX_VARIABLE_VALUE_CHARS,
  readVariable,
  watchKey,
} from './client-variables.ts';

function session(): ServerSession {
  const s = new ServerSession(newSessionSync(7, 'telnet', '127.0.0.1', 0), {
    sendTo: () => undefined,
    disconnect: () => undefined,
    sync: () => undefined,
  });
  s.uname = 'ann';
  return s;
}

/** Just enough of a puppet for reads: a key, a location and attributes. */
function puppet(attrs: Record<string, unknown>): DefaultObject {
  return {
    key: 'Ann',
    location: { key: 'Limbo' },
    attributes: { get: (name: string, category = '') => attrs[`${category}/${name}`] },
  } as unknown as DefaultObject;
}

describe('ClientVariables', () => {
  it('has the defaults: name and location of the puppet, the server name, and more', () => {
    const vars = new ClientVariables('Testgame');
    const s = session();
    const read = (name: string, p: DefaultObject | null) => {
      const r = readVariable(vars.get(name)!, { session: s, puppet: p });
      return r.ok ? r.value : r.error;
    };
    expect(read('name', puppet({}))).toBe('Ann');
    expect(read('name', null)).toBe('ann'); // out of character: the account's name
    expect(read('location', puppet({}))).toBe('Limbo');
    expect(read('location', null)).toBeNull();
    expect(read('servername', null)).toBe('Testgame');
    expect(read('sessid', null)).toBe(7);
    expect(vars.byMsdp('character_name')?.name).toBe('name');
    expect(vars.byMsdp('ROOM_NAME')?.name).toBe('location');
    expect(vars.watchable().map((v) => v.msdp)).toEqual(['CHARACTER_NAME', 'ROOM_NAME', 'DESC']);
  });

  it('declares attributes of the puppet, with their MSDP names and categories', () => {
    const vars = new ClientVariables('T')
      .attribute('hp', { msdp: 'HEALTH' })
      .attribute('gold', { attribute: 'coins', category: 'purse' });
    const s = session();
    const p = puppet({ '/hp': 7, 'purse/coins': 30, '/when': new Date(0) });
    const hp = vars.byMsdp('HEALTH')!;
    expect(readVariable(hp, { session: s, puppet: p })).toMatchObject({ ok: true, value: 7 });
    expect(hp.watchKeys).toEqual([watchKey({ name: 'hp', category: '' })]);
    const gold = vars.get('GOLD')!;
    expect(gold.msdp).toBe('GOLD');
    expect(readVariable(gold, { session: s, puppet: p })).toMatchObject({ value: 30 });
    expect(gold.watchKeys).toEqual([watchKey({ name: 'coins', category: 'purse' })]);
    // A missing attribute and no puppet read as null; a Date as JSON writes it.
    expect(readVariable(hp, { session: s, puppet: null })).toMatchObject({ value: null });
    vars.attribute('when');
    expect(readVariable(vars.get('when')!, { session: s, puppet: p })).toMatchObject({
      value: '1970-01-01T00:00:00.000Z',
    });
  });

  it('refuses bad names and a taken MSDP name; replacing a variable frees its old MSDP name', () => {
    const vars = new ClientVariables('T');
    expect(() => vars.attribute('hit points')).toThrow(/invalid/);
    expect(() => vars.attribute('hp', { msdp: 'HEALTH!' })).toThrow(/invalid/);
    expect(() => vars.attribute('hp', { msdp: 'ROOM_NAME' })).toThrow(/already 'location'/);
    vars.attribute('hp', { msdp: 'HEALTH' }).attribute('hp', { msdp: 'HP' });
    expect(vars.byMsdp('HEALTH')).toBeUndefined();
    expect(vars.byMsdp('HP')?.name).toBe('hp');
  });

  it('reports a read that throws and a value too large to send', () => {
    const vars = new ClientVariables('T')
      .add({
        name: 'boom',
        read: () => {
          throw new Error('bug');
        },
      })
      .add({ name: 'book', read: () => 'x'.repeat(MAX_VARIABLE_VALUE_CHARS + 1) });
    const ctx = { session: session(), puppet: null };
    expect(readVariable(vars.get('boom')!, ctx)).toMatchObject({
      ok: false,
      error: 'could not be read',
    });
    expect(readVariable(vars.get('book')!, ctx)).toMatchObject({ ok: false });
    expect(vars.get('book')!.watchKeys).toEqual([]); // watches nothing: send-only
  });
});
