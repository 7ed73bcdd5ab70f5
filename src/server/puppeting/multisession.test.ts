import { describe, expect, it } from 'vitest';
import { multisessionRules } from './multisession.ts';

const auto = {
  autoCreateCharacterWithAccount: 'auto',
  autoPuppetOnLogin: 'auto',
  maxNrSimultaneousPuppets: 'auto',
  maxNrCharacters: 'auto',
} as const;

describe('multisession rules (REFERENCE.md §7)', () => {
  it('gives each mode its row of the table', () => {
    const rows = ([0, 1, 2, 3] as const).map((mode) => {
      const r = multisessionRules({ multisessionMode: mode, ...auto });
      return [r.oneSessionPerAccount, r.sharePuppets, r.autoCreateCharacter, r.autoPuppetOnLogin];
    });
    expect(rows).toEqual([
      [true, false, true, true],
      [false, true, true, true],
      [false, false, false, false],
      [false, true, false, false],
    ]);
    expect(multisessionRules({ multisessionMode: 0, ...auto }).maxPuppets).toBe(1);
    expect(multisessionRules({ multisessionMode: 2, ...auto }).maxPuppets).toBeNull();
  });

  it('lets each finer setting be set alone, over the mode', () => {
    const r = multisessionRules({
      ...auto,
      multisessionMode: 2,
      autoPuppetOnLogin: true,
      maxNrCharacters: 3,
    });
    expect(r.autoPuppetOnLogin).toBe(true);
    expect(r.autoCreateCharacter).toBe(false);
    expect(r.maxCharacters).toBe(3);
    expect(Object.isFrozen(r)).toBe(true);
  });

  it('shares command replies among sessions in mode 1 only, unless commandMsgAllSessions says', () => {
    const byMode = ([0, 1, 2, 3] as const).map(
      (mode) => multisessionRules({ multisessionMode: mode, ...auto }).commandMsgAllSessions,
    );
    expect(byMode).toEqual([false, true, false, false]);
    const set = (mode: 1 | 3, value: boolean) =>
      multisessionRules({ ...auto, multisessionMode: mode, commandMsgAllSessions: value })
        .commandMsgAllSessions;
    expect(set(3, true)).toBe(true);
    expect(set(1, false)).toBe(false);
  });
});
