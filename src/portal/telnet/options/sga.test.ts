import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { h, neg, runBytes } from '../protocol-harness.ts';

describe('SGA (option 3)', () => {
  it('is offered with WILL SGA; DO SGA agrees quietly and sets NOGOAHEAD', () => {
    const t = runBytes(neg('DO', OPT.SGA), { start: true });
    expect(t.rec.out).toBe('');
    expect(t.rec.flags).toMatchObject({ NOGOAHEAD: true });
    expect(t.protocol.sga.suppressing).toBe(true);
  });

  it('a client that was not offered it (DO SGA) is accepted with WILL SGA', () => {
    const t = runBytes(neg('DO', OPT.SGA));
    expect(t.rec.out).toBe(h(neg('WILL', OPT.SGA)));
  });

  it('DONT SGA (Mudlet) leaves GA on: no flag, prompts get GA', () => {
    const t = runBytes(neg('DONT', OPT.SGA), { start: true });
    expect(t.rec.out).toBe('');
    expect(t.protocol.sga.suppressing).toBe(false);
    expect(t.protocol.promptMark()?.toString('hex')).toBe('fff9');
  });

  it('accepts WILL SGA from the client', () => {
    const t = runBytes(neg('WILL', OPT.SGA));
    expect(t.rec.out).toBe(h(neg('DO', OPT.SGA)));
  });
});
