import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { ascii, h, harness, neg, runBytes, sb } from '../protocol-harness.ts';
import { parseEnvironment } from './new-environ.ts';

const ASK = sb(
  OPT.NEW_ENVIRON,
  `01 ${['CLIENT_NAME', 'CLIENT_VERSION', 'CHARSET', 'MTTS', 'TERMINAL_TYPE']
    .map((n) => `00 ${ascii(n)}`)
    .join(' ')}`,
);
const v = (name: string, value: string): string => `00 ${ascii(name)} 01 ${ascii(value)}`;

describe('NEW-ENVIRON (option 39) / MNES', () => {
  it('asks for the MNES variables on WILL and reads IS', () => {
    const t = harness({ start: true });
    t.feed(neg('WILL', OPT.NEW_ENVIRON));
    expect(t.takeOut()).toBe(h(ASK));
    expect(t.protocol.environ.pending).toBe(true);
    t.feed(
      sb(
        OPT.NEW_ENVIRON,
        `00 ${v('CLIENT_NAME', 'TinTin++')} ${v('CLIENT_VERSION', '2.02.20')} ${v('CHARSET', 'UTF-8')} ${v('MTTS', '137')} ${v('TERMINAL_TYPE', 'xterm')} ${v('IPADDRESS', '1.2.3.4')}`,
      ),
    );
    expect(t.protocol.environ.pending).toBe(false);
    expect(t.rec.flags).toMatchObject({
      CLIENTNAME: 'TinTin++',
      CLIENTVERSION: '2.02.20',
      ENCODING: 'utf-8',
      'UTF-8': true,
      ANSI: true,
      XTERM256: true,
      PROXY: true,
      TERM: 'xterm',
    });
    expect(JSON.stringify(t.rec.flags)).not.toContain('1.2.3.4');
  });

  it('reads INFO updates, ESC-quoted bytes, and is the same fed byte by byte', () => {
    const t = runBytes(
      `${neg('WILL', OPT.NEW_ENVIRON)} ${sb(OPT.NEW_ENVIRON, `02 00 ${ascii('CLIENT_NAME')} 01 ${ascii('A')} 02 01 ${ascii('B')}`)}`,
      { start: true },
    );
    expect(t.rec.flags).toMatchObject({ CLIENTNAME: 'AB' });
  });

  it('keeps at most 32 variables of 256 bytes', () => {
    const many = Buffer.concat(
      Array.from({ length: 100 }, (_, i) => Buffer.from(`\x00V${i}\x01${'x'.repeat(1000)}`)),
    );
    const vars = parseEnvironment(many);
    expect(vars.size).toBe(32);
    expect(vars.get('V0')).toHaveLength(256);
  });
});
