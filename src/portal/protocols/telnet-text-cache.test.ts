import { describe, expect, it } from 'vitest';
import { renderForFlags } from '../../shared/markup/index.ts';
import type { ProtocolFlags } from '../../shared/session-data.ts';
import { encodeTextForTelnet } from '../telnet/output.ts';
import { TelnetTextCache } from './telnet-text-cache.ts';

/** What a connection would send without the cache. */
function direct(
  text: string,
  flags: ProtocolFlags,
  encoding: BufferEncoding,
  lineEnd: boolean,
): Buffer {
  const rendered = renderForFlags(text, flags, 'terminal');
  const withEnd = lineEnd && !rendered.endsWith('\n') ? `${rendered}\n` : rendered;
  return encodeTextForTelnet(withEnd, encoding);
}

describe('TelnetTextCache', () => {
  it('gives the bytes a connection would encode itself, for every mode, encoding and line end', () => {
    const cache = new TelnetTextCache();
    const texts = [
      '|rRed|n and plain',
      'plain ÿ\nline',
      'plain ÿ\nline',
      '',
      'x\r\n',
      '|lclook|ltLook|le',
      '|lclook|ltLook|le',
    ];
    const flagSets: ProtocolFlags[] = [
      {},
      { ANSI: true },
      { ANSI: true, MXP: true },
      { XTERM256: true },
      { MXP: true },
      { NOCOLOR: true },
      { NOCOLOR: true, MXP: true },
      { RAW: true },
    ];
    for (const text of texts)
      for (const flags of flagSets)
        for (const encoding of ['utf8', 'latin1'] as const)
          for (const lineEnd of [true, false])
            expect(cache.bytesFor(text, flags, encoding, lineEnd)).toEqual(
              direct(text, flags, encoding, lineEnd),
            );
  });

  it('hands the same bytes to sessions that see the text alike', () => {
    const cache = new TelnetTextCache();
    const first = cache.bytesFor('Ann says, "hi"', { ANSI: true }, 'utf8', true);
    expect(cache.bytesFor('Ann says, "hi"', { ANSI: true, NAWS: true }, 'utf8', true)).toBe(first);
    expect(cache.bytesFor('Ann says, "hi"', { XTERM256: true }, 'utf8', true)).not.toBe(first);
  });

  it('never hands a client without MXP the bytes rendered for one with it', () => {
    const cache = new TelnetTextCache();
    const link = '|lclook|ltLook around|le';
    expect(cache.bytesFor(link, { ANSI: true, MXP: true }, 'utf8', true).toString()).toContain(
      '<SEND HREF="look">Look around',
    );
    expect(cache.bytesFor(link, { ANSI: true }, 'utf8', true).toString()).toBe('Look around\r\n');
  });
});
