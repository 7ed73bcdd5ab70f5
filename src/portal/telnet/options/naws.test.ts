import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { h, harness, neg, runBytes, sb } from '../protocol-harness.ts';
import { NAWS_MAX, parseNaws } from './naws.ts';

describe('NAWS (option 31)', () => {
  it('reads the size after WILL NAWS (answered DO)', () => {
    const t = runBytes(`${neg('WILL', OPT.NAWS)} ${sb(OPT.NAWS, '00 78 00 28')}`);
    expect(t.rec.out).toBe(h(neg('DO', OPT.NAWS)));
    expect(t.rec.flags).toMatchObject({ SCREENWIDTH: 120, SCREENHEIGHT: 40, AUTORESIZE: true });
  });

  it('reads a doubled 255 inside the payload (width 255)', () => {
    const t = runBytes(`${neg('WILL', OPT.NAWS)} ${sb(OPT.NAWS, '00 ff ff 00 32')}`, {
      start: true,
    });
    expect(t.rec.flags).toMatchObject({ SCREENWIDTH: 255, SCREENHEIGHT: 50 });
  });

  it('0×0 means unknown: the defaults 78×45', () => {
    const t = runBytes(`${neg('WILL', OPT.NAWS)} ${sb(OPT.NAWS, '00 00 00 00')}`, { start: true });
    // No height was told: nothing to page to.
    expect(t.rec.flags).toMatchObject({ SCREENWIDTH: 78, SCREENHEIGHT: 45, AUTORESIZE: false });
  });

  it('65535×65535 is clamped', () => {
    const t = runBytes(`${neg('WILL', OPT.NAWS)} ${sb(OPT.NAWS, 'ff ff ff ff ff ff ff ff')}`, {
      start: true,
    });
    expect(t.rec.flags).toMatchObject({ SCREENWIDTH: NAWS_MAX, SCREENHEIGHT: NAWS_MAX });
  });

  it('re-syncs on every resize, and not when the size did not change', () => {
    const t = harness({ start: true });
    t.feed(`${neg('WILL', OPT.NAWS)} ${sb(OPT.NAWS, '00 50 00 18')}`);
    t.feed(sb(OPT.NAWS, '00 50 00 18'));
    expect(t.rec.flagUpdates).toBe(1);
    t.feed(sb(OPT.NAWS, '00 a0 00 30'));
    expect(t.rec.flags).toMatchObject({ SCREENWIDTH: 160, SCREENHEIGHT: 48 });
    expect(t.rec.flagUpdates).toBe(2);
  });

  it('ignores a malformed payload, and NAWS the client never agreed to', () => {
    expect(parseNaws(Buffer.from([0, 80, 0]))).toBeNull();
    const t = runBytes(
      `${sb(OPT.NAWS, '00 50 00 18')} ${neg('WILL', OPT.NAWS)} ${sb(OPT.NAWS, '00 50')}`,
    );
    expect(t.rec.flags['SCREENWIDTH']).toBeUndefined();
  });
});
