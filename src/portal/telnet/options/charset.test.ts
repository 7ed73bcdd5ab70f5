import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { ascii, h, harness, neg, runBytes, sb } from '../protocol-harness.ts';
import { parseCharsetRequest } from './charset.ts';

describe('CHARSET (option 42, RFC 2066)', () => {
  it('on DO sends REQUEST ;UTF-8 and takes ACCEPTED UTF-8', () => {
    const t = harness({ start: true });
    t.feed(neg('DO', OPT.CHARSET));
    expect(t.takeOut()).toBe(h(sb(OPT.CHARSET, `01 ${ascii(';UTF-8')}`)));
    expect(t.protocol.charset.pending).toBe(true);
    t.feed(sb(OPT.CHARSET, `02 ${ascii('UTF-8')}`));
    expect(t.rec.flags).toMatchObject({ ENCODING: 'utf-8', 'UTF-8': true });
    expect(t.protocol.charset.pending).toBe(false);
  });

  it('REJECTED leaves the defaults', () => {
    const t = runBytes(`${neg('DO', OPT.CHARSET)} ${sb(OPT.CHARSET, '03')}`, { start: true });
    expect(t.rec.flags['UTF-8']).toBeUndefined();
    expect(t.protocol.charset.pending).toBe(false);
  });

  it("answers a client's REQUEST: ACCEPTED UTF-8 when listed, REJECTED otherwise", () => {
    const t = runBytes(
      `${neg('WILL', OPT.CHARSET)} ${sb(OPT.CHARSET, `01 ${ascii(' ISO-8859-1 utf-8')}`)}`,
    );
    expect(t.rec.out).toBe(
      h(`${neg('DO', OPT.CHARSET)} ${sb(OPT.CHARSET, `02 ${ascii('utf-8')}`)}`),
    );
    const r = runBytes(`${neg('WILL', OPT.CHARSET)} ${sb(OPT.CHARSET, `01 ${ascii(';KOI8-R')}`)}`);
    expect(r.rec.out).toBe(h(`${neg('DO', OPT.CHARSET)} ${sb(OPT.CHARSET, '03')}`));
  });

  it('rejects a REQUEST that crosses ours, and translation tables', () => {
    const t = runBytes(
      `${neg('DO', OPT.CHARSET)} ${sb(OPT.CHARSET, `01 ${ascii(';UTF-8')}`)} ${sb(OPT.CHARSET, '04 01')}`,
      { start: true },
    );
    expect(t.rec.out).toBe(
      h(
        `${sb(OPT.CHARSET, `01 ${ascii(';UTF-8')}`)} ${sb(OPT.CHARSET, '03')} ${sb(OPT.CHARSET, '05')}`,
      ),
    );
  });

  it('parses separators and the TTABLE prefix', () => {
    expect(parseCharsetRequest(Buffer.from(';UTF-8;ISO-8859-1'))).toEqual(['UTF-8', 'ISO-8859-1']);
    expect(parseCharsetRequest(Buffer.from('[TTABLE]\x01 UTF-8'))).toEqual(['UTF-8']);
    expect(parseCharsetRequest(Buffer.from(''))).toEqual([]);
  });
});
