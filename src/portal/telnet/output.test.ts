import { describe, expect, it } from 'vitest';
import { CMD, OPT } from './constants.ts';
import {
  buildCommand,
  buildNegotiation,
  buildSubnegotiation,
  encodeTextForTelnet,
  escapeIac,
} from './output.ts';

function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

describe('escapeIac', () => {
  it('doubles every 0xFF', () => {
    expect(escapeIac(hex('ff 41 ff ff 42 ff'))).toEqual(hex('ff ff 41 ff ff ff ff 42 ff ff'));
  });

  it('returns the same buffer when there is nothing to escape', () => {
    const bytes = hex('41 42 fe');
    expect(escapeIac(bytes)).toBe(bytes);
  });

  it('handles an empty buffer', () => {
    expect(escapeIac(Buffer.alloc(0))).toEqual(Buffer.alloc(0));
  });
});

describe('encodeTextForTelnet', () => {
  it('turns a lone LF into CR LF', () => {
    expect(encodeTextForTelnet('a\nb\n')).toEqual(hex('61 0d 0a 62 0d 0a'));
  });

  it('keeps an existing CR LF as it is', () => {
    expect(encodeTextForTelnet('a\r\nb')).toEqual(hex('61 0d 0a 62'));
  });

  it('turns a lone CR into CR NUL (RFC 854)', () => {
    expect(encodeTextForTelnet('a\rb\r')).toEqual(hex('61 0d 00 62 0d 00'));
  });

  it('reads LF CR as LF then a lone CR', () => {
    expect(encodeTextForTelnet('\n\r')).toEqual(hex('0d 0a 0d 00'));
  });

  it('encodes UTF-8 by default', () => {
    expect(encodeTextForTelnet('é')).toEqual(hex('c3 a9'));
  });

  it('doubles 0xFF produced by a single-byte encoding', () => {
    expect(encodeTextForTelnet('ÿ!', 'latin1')).toEqual(hex('ff ff 21'));
  });
});

describe('buildNegotiation', () => {
  it('writes IAC <verb> <option>', () => {
    expect(buildNegotiation('WILL', OPT.ECHO)).toEqual(hex('ff fb 01'));
    expect(buildNegotiation('WONT', OPT.ECHO)).toEqual(hex('ff fc 01'));
    expect(buildNegotiation('DO', OPT.NAWS)).toEqual(hex('ff fd 1f'));
    expect(buildNegotiation('DONT', OPT.GMCP)).toEqual(hex('ff fe c9'));
  });

  it('refuses an option outside 0-255', () => {
    expect(() => buildNegotiation('DO', 256)).toThrow(RangeError);
    expect(() => buildNegotiation('DO', 1.5)).toThrow(RangeError);
  });
});

describe('buildSubnegotiation', () => {
  it('starts MCCP2 with an empty payload', () => {
    expect(buildSubnegotiation(OPT.MCCP2, Buffer.alloc(0))).toEqual(hex('ff fa 56 ff f0'));
  });

  it('escapes 0xFF in the payload (NAWS width 255)', () => {
    expect(buildSubnegotiation(OPT.NAWS, hex('00 ff 00 18'))).toEqual(
      hex('ff fa 1f 00 ff ff 00 18 ff f0'),
    );
  });

  it('escapes an option byte of 255', () => {
    expect(buildSubnegotiation(255, hex('01'))).toEqual(hex('ff fa ff ff 01 ff f0'));
  });

  it('frames a GMCP message', () => {
    const body = Buffer.from('Core.Ping');
    expect(buildSubnegotiation(OPT.GMCP, body)).toEqual(
      Buffer.concat([hex('ff fa c9'), body, hex('ff f0')]),
    );
  });
});

describe('buildCommand', () => {
  it('writes IAC <command>', () => {
    expect(buildCommand(CMD.GA)).toEqual(hex('ff f9'));
    expect(buildCommand(CMD.EOR)).toEqual(hex('ff ef'));
    expect(buildCommand(CMD.NOP)).toEqual(hex('ff f1'));
  });

  it('refuses a value outside 0-255', () => {
    expect(() => buildCommand(-1)).toThrow(RangeError);
  });
});
