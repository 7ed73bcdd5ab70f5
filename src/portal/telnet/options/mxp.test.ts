import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { ascii, h, neg, runBytes, sb } from '../protocol-harness.ts';

describe('MXP (option 91)', () => {
  it('on DO MXP starts MXP and locks locked mode as the default, and sets the flag', () => {
    const t = runBytes(neg('DO', OPT.MXP), { start: true });
    expect(t.rec.out).toBe(h(`${sb(OPT.MXP, '')} ${ascii('\x1b[7z')}`));
    expect(t.rec.flags).toMatchObject({ MXP: true });
  });

  it('DONT MXP leaves it off', () => {
    const t = runBytes(neg('DONT', OPT.MXP), { start: true });
    expect(t.rec.out).toBe('');
    expect(t.rec.flags['MXP']).toBeUndefined();
  });
});
