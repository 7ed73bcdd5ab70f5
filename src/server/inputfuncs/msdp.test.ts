import { describe, expect, it } from 'vitest';
import { clientDataKit } from './client-data-test-kit.ts';

describe('MSDP commands', () => {
  it('LIST answers the commands, the lists and the variables', async () => {
    const k = clientDataKit();
    expect(await k.call('msdp_list', ['COMMANDS'])).toEqual([
      ['msdp', [], { COMMANDS: ['LIST', 'REPORT', 'RESET', 'SEND', 'UNREPORT'] }],
    ]);
    const [[, , lists]] = (await k.call('msdp_list', [
      'LISTS',
      'REPORTABLE_VARIABLES',
      'SENDABLE_VARIABLES',
      'REPORTED_VARIABLES',
      'NO_SUCH_LIST',
    ])) as [[string, unknown[], Record<string, string[]>]];
    expect(lists['LISTS']).toContain('REPORTABLE_VARIABLES');
    expect(lists['REPORTABLE_VARIABLES']).toEqual([
      'CHARACTER_NAME',
      'ROOM_NAME',
      'DESC',
      'HEALTH',
    ]);
    expect(lists['SENDABLE_VARIABLES']).toEqual(
      expect.arrayContaining(['SERVER_ID', 'ACCOUNT_NAME', 'HEALTH', 'ROOM_NAME']),
    );
    expect(lists['REPORTED_VARIABLES']).toEqual([]);
    expect(Object.keys(lists)).not.toContain('NO_SUCH_LIST');
  });

  it('REPORT sends the values at once and on change; UNREPORT and RESET stop them', async () => {
    const k = clientDataKit();
    k.character.attributes.set('hp', 20);
    // Names a game does not have (MANA) are ignored, as MSDP clients send them blindly.
    expect(await k.call('msdp_report', ['health', 'ROOM_NAME', 'MANA'])).toEqual([
      ['msdp', [], { HEALTH: 20, ROOM_NAME: 'Limbo' }],
    ]);
    expect(await k.call('msdp_list', ['REPORTED_VARIABLES'])).toEqual([
      ['msdp', [], { REPORTED_VARIABLES: ['HEALTH', 'ROOM_NAME'] }],
    ]);
    k.character.attributes.set('hp', 15);
    expect(k.flush()).toEqual([['msdp', [], { HEALTH: 15 }]]);
    await k.call('msdp_unreport', ['HEALTH']);
    k.character.attributes.set('hp', 14);
    expect(k.flush()).toEqual([]);
    await k.call('msdp_reset', ['REPORTED_VARIABLES']);
    expect(await k.call('msdp_list', ['REPORTED_VARIABLES'])).toEqual([
      ['msdp', [], { REPORTED_VARIABLES: [] }],
    ]);
  });

  it('SEND sends current values once, any variable, arrays of names too', async () => {
    const k = clientDataKit();
    k.character.attributes.set('hp', 3);
    expect(await k.call('msdp_send', [['HEALTH', 'SERVER_ID'], 'CHARACTER_NAME'])).toEqual([
      ['msdp', [], { HEALTH: 3, SERVER_ID: 'Testgame', CHARACTER_NAME: 'Ann' }],
    ]);
    k.character.attributes.set('hp', 2);
    expect(k.flush()).toEqual([]);
    expect(await k.call('msdp_send', ['NOTHING'])).toEqual([]);
  });
});
