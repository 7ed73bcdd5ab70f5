import { describe, expect, it } from 'vitest';
import { MAX_MONITORS_PER_SESSION } from '../monitoring/monitor-handler.ts';
import { clientDataKit } from './client-data-test-kit.ts';

describe('get_value (GMCP Char.Value.Get)', () => {
  it("answers the puppet's name and location, the server name, and declared attributes", async () => {
    const k = clientDataKit();
    k.character.attributes.set('hp', 9);
    expect(await k.call('get_value', [], { name: 'name' })).toEqual([
      ['get_value', [], { name: 'name', value: 'Ann' }],
    ]);
    expect(await k.call('get_value', ['location'])).toEqual([
      ['get_value', [], { name: 'location', value: 'Limbo' }],
    ]);
    expect(await k.call('get_value', [], { name: 'ServerName' })).toEqual([
      ['get_value', [], { name: 'servername', value: 'Testgame' }],
    ]);
    expect(await k.call('get_value', [], { name: 'hp' })).toEqual([
      ['get_value', [], { name: 'hp', value: 9 }],
    ]);
    expect(await k.call('get_value', [], { name: 'password' })).toEqual([
      ['get_value', [], { name: 'password', error: 'unknown value' }],
    ]);
    k.goOoc();
    expect(await k.call('get_value', [], { name: 'name' })).toEqual([
      ['get_value', [], { name: 'name', value: 'ann' }],
    ]);
  });
});

describe('monitor / unmonitor / monitored', () => {
  it('sends the value at once, then once per change, until unmonitor', async () => {
    const k = clientDataKit();
    k.character.attributes.set('hp', 10);
    expect(await k.call('monitor', [], { name: 'hp' })).toEqual([
      ['monitor', [], { name: 'hp', value: 10 }],
    ]);
    k.character.attributes.set('hp', 8);
    k.character.attributes.set('hp', 7);
    expect(k.flush()).toEqual([['monitor', [], { name: 'hp', value: 7 }]]);
    expect(await k.call('monitored')).toEqual([['monitored', ['hp'], {}]]);
    expect(await k.call('unmonitor', [], { name: 'hp' })).toEqual([]);
    k.character.attributes.set('hp', 1);
    expect(k.flush()).toEqual([]);
    expect(await k.call('monitored')).toEqual([['monitored', [], {}]]);
  });

  it('stops with {"stop": true} too, as Evennia does', async () => {
    const k = clientDataKit();
    await k.call('monitor', [], { name: 'location' });
    await k.call('monitor', [], { name: 'location', stop: true });
    expect(await k.call('monitored')).toEqual([['monitored', [], {}]]);
  });

  it('refuses unknown names, values that cannot change, and more than the limit, clearly', async () => {
    const k = clientDataKit();
    expect(await k.call('monitor', [], { name: 'secret_notes' })).toEqual([
      ['monitor', [], { name: 'secret_notes', error: 'unknown value' }],
    ]);
    expect(await k.call('monitor', [], { name: 'servername' })).toEqual([
      ['monitor', [], { name: 'servername', error: "'servername' cannot be monitored" }],
    ]);
    // Fill the session up through MSDP with variables declared for the purpose.
    for (let i = 0; i < MAX_MONITORS_PER_SESSION; i += 1) {
      expect(
        k.monitors.add(
          k.session,
          { name: `v${i}`, msdp: `V${i}`, read: () => i, watchKeys: ['fields'] },
          'msdp',
        ).ok,
      ).toBe(true);
    }
    expect(await k.call('monitor', [], { name: 'hp' })).toEqual([
      [
        'monitor',
        [],
        { name: 'hp', error: `at most ${MAX_MONITORS_PER_SESSION} monitors per session` },
      ],
    ]);
  });
});
