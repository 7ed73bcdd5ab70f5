import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { h, neg, runBytes } from '../protocol-harness.ts';
import { promptMark } from './eor.ts';

describe('EOR (option 25) and prompt marks', () => {
  it('one mark per prompt: EOR when agreed, else GA while SGA is off, else none', () => {
    expect(promptMark(true, true)?.toString('hex')).toBe('ffef');
    expect(promptMark(true, false)?.toString('hex')).toBe('ffef');
    expect(promptMark(false, false)?.toString('hex')).toBe('fff9');
    expect(promptMark(false, true)).toBeNull();
  });

  it('DO EOR after our WILL EOR turns EOR marks on (flag EOR)', () => {
    const t = runBytes(neg('DO', OPT.EOR), { start: true });
    expect(t.rec.out).toBe('');
    expect(t.rec.flags).toMatchObject({ EOR: true });
    expect(t.protocol.promptMark()?.toString('hex')).toBe('ffef');
  });

  it('EOR wins over SGA: a client that agreed to both gets EOR marks', () => {
    const t = runBytes(`${neg('DO', OPT.EOR)} ${neg('DO', OPT.SGA)}`, { start: true });
    expect(t.rec.out).toBe(h(neg('WILL', OPT.SGA))); // SGA is only answered, never offered.
    expect(t.rec.flags).toMatchObject({ EOR: true, NOGOAHEAD: true });
    expect(t.protocol.promptMark()?.toString('hex')).toBe('ffef');
  });

  it('DONT EOR with SGA asked for by the client: prompts carry no mark', () => {
    const t = runBytes(`${neg('DONT', OPT.EOR)} ${neg('DO', OPT.SGA)}`, { start: true });
    expect(t.protocol.promptMark()).toBeNull();
  });

  it('a later DONT EOR is agreed to (WONT) and marks fall back', () => {
    const t = runBytes(`${neg('DO', OPT.EOR)} ${neg('DONT', OPT.EOR)}`, { start: true });
    expect(t.rec.out).toBe(h(neg('WONT', OPT.EOR)));
    expect(t.rec.flags).toMatchObject({ EOR: false });
    expect(t.protocol.promptMark()?.toString('hex')).toBe('fff9');
  });
});
