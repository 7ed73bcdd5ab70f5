import { describe, expect, it } from 'vitest';
import { TelnetParser, type TelnetEvent, type TelnetParserOptions } from './parser.ts';

/** Events with Buffers as hex and adjacent data runs merged, so splits compare equal. */
type Plain =
  | { kind: 'data'; hex: string }
  | { kind: 'command'; command: number }
  | { kind: 'negotiate'; verb: string; option: number }
  | { kind: 'subnegotiation'; option: number; hex: string }
  | { kind: 'remainder'; hex: string }
  | { kind: 'error'; code: string; option: number | null };

function plain(events: readonly TelnetEvent[]): Plain[] {
  const out: Plain[] = [];
  for (const event of events) {
    switch (event.kind) {
      case 'data': {
        const last = out.at(-1);
        const hex = event.data.toString('hex');
        if (last?.kind === 'data') last.hex += hex;
        else out.push({ kind: 'data', hex });
        break;
      }
      case 'command':
        out.push({ kind: 'command', command: event.command });
        break;
      case 'negotiate':
        out.push({ kind: 'negotiate', verb: event.verb, option: event.option });
        break;
      case 'subnegotiation':
        out.push({
          kind: 'subnegotiation',
          option: event.option,
          hex: event.payload.toString('hex'),
        });
        break;
      case 'remainder':
        out.push({ kind: 'remainder', hex: event.rest.toString('hex') });
        break;
      case 'error':
        out.push({ kind: 'error', code: event.code, option: event.option });
        break;
    }
  }
  return out;
}

function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

function feed(options: TelnetParserOptions, chunks: readonly Buffer[]): Plain[] {
  const parser = new TelnetParser(options);
  const events: TelnetEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  return plain(events);
}

/**
 * Parses `input` whole, one byte per push, and (for short inputs) split at every position;
 * asserts all agree and returns the events. Every test goes through here (REFERENCE §12).
 */
function parse(input: string, options: TelnetParserOptions = {}): Plain[] {
  const bytes = hex(input);
  const whole = feed(options, [bytes]);
  const single = feed(
    options,
    Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)),
  );
  expect(single).toEqual(whole);
  if (bytes.length <= 64) {
    for (let cut = 1; cut < bytes.length; cut += 1) {
      expect(feed(options, [bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole);
    }
  }
  return whole;
}

const data = (h: string): Plain => ({ kind: 'data', hex: h.replace(/\s+/g, '') });

describe('TelnetParser data', () => {
  it('passes plain data through', () => {
    expect(parse('68 65 6c 6c 6f 0d 0a')).toEqual([data('68656c6c6f0d0a')]);
  });

  it('turns IAC IAC into one 0xFF data byte', () => {
    expect(parse('41 ff ff 42')).toEqual([data('41 ff 42')]);
    expect(parse('ff ff ff ff')).toEqual([data('ff ff')]);
    expect(parse('ff ff')).toEqual([data('ff')]);
  });

  it('emits nothing for an empty chunk', () => {
    expect(parse('')).toEqual([]);
  });

  it('does not copy data: events view the pushed chunk', () => {
    const chunk = hex('41 42 43');
    const [event] = new TelnetParser().push(chunk);
    expect(event?.kind === 'data' && event.data.buffer).toBe(chunk.buffer);
  });
});

describe('TelnetParser commands', () => {
  it('reports NOP, GA, AYT and EOR as commands between data', () => {
    expect(parse('41 ff f1 42 ff f9 ff f6 ff ef')).toEqual([
      data('41'),
      { kind: 'command', command: 0xf1 },
      data('42'),
      { kind: 'command', command: 0xf9 },
      { kind: 'command', command: 0xf6 },
      { kind: 'command', command: 0xef },
    ]);
  });

  it('treats IAC SE outside a subnegotiation as a plain command', () => {
    expect(parse('ff f0 41')).toEqual([{ kind: 'command', command: 0xf0 }, data('41')]);
  });

  it('treats IAC followed by an unknown byte (IAC 00) as a command', () => {
    expect(parse('ff 00 41 ff 7f')).toEqual([
      { kind: 'command', command: 0 },
      data('41'),
      { kind: 'command', command: 0x7f },
    ]);
  });
});

describe('TelnetParser negotiation', () => {
  it('reports each verb with its option', () => {
    expect(parse('ff fb 01 ff fc 03 ff fd 18 ff fe 1f')).toEqual([
      { kind: 'negotiate', verb: 'WILL', option: 1 },
      { kind: 'negotiate', verb: 'WONT', option: 3 },
      { kind: 'negotiate', verb: 'DO', option: 24 },
      { kind: 'negotiate', verb: 'DONT', option: 31 },
    ]);
  });

  it('accepts any byte as an option, IAC and SE included', () => {
    expect(parse('ff fd ff ff fb f0 41')).toEqual([
      { kind: 'negotiate', verb: 'DO', option: 255 },
      { kind: 'negotiate', verb: 'WILL', option: 240 },
      data('41'),
    ]);
  });
});

describe('TelnetParser subnegotiation', () => {
  it('delivers a NAWS payload', () => {
    expect(parse('ff fa 1f 00 50 00 18 ff f0')).toEqual([
      { kind: 'subnegotiation', option: 31, hex: '00500018' },
    ]);
  });

  it('un-doubles IAC IAC inside the payload (NAWS width 255)', () => {
    expect(parse('ff fa 1f 00 ff ff 00 18 ff f0 41')).toEqual([
      { kind: 'subnegotiation', option: 31, hex: '00ff0018' },
      data('41'),
    ]);
  });

  it('delivers a GMCP message between data', () => {
    const payload = Buffer.from('Core.Hello {"client":"Mudlet"}').toString('hex');
    expect(parse(`41 ff fa c9 ${payload} ff f0 42`)).toEqual([
      data('41'),
      { kind: 'subnegotiation', option: 201, hex: payload },
      data('42'),
    ]);
  });

  it('delivers an empty payload when an option is named (IAC SB 18 IAC SE)', () => {
    expect(parse('ff fa 18 ff f0')).toEqual([{ kind: 'subnegotiation', option: 24, hex: '' }]);
  });

  it('reports an empty SB without an option (IAC SB IAC SE) and carries on', () => {
    expect(parse('ff fa ff f0 41')).toEqual([
      { kind: 'error', code: 'TELNET_SB_EMPTY', option: null },
      data('41'),
    ]);
  });

  it('reads an escaped option byte 255 (IAC SB IAC IAC ... IAC SE)', () => {
    expect(parse('ff fa ff ff 01 ff f0')).toEqual([
      { kind: 'subnegotiation', option: 255, hex: '01' },
    ]);
  });

  it('ends an SB at IAC <other> and reads that IAC as a command', () => {
    expect(parse('ff fa 18 00 41 ff fb 01 42')).toEqual([
      { kind: 'error', code: 'TELNET_SB_UNTERMINATED', option: 24 },
      { kind: 'negotiate', verb: 'WILL', option: 1 },
      data('42'),
    ]);
    expect(parse('ff fa 18 ff f1 42')).toEqual([
      { kind: 'error', code: 'TELNET_SB_UNTERMINATED', option: 24 },
      { kind: 'command', command: 0xf1 },
      data('42'),
    ]);
  });

  it('applies the same rule when the SB has no option yet (IAC SB IAC NOP)', () => {
    expect(parse('ff fa ff f1 41')).toEqual([
      { kind: 'error', code: 'TELNET_SB_UNTERMINATED', option: null },
      { kind: 'command', command: 0xf1 },
      data('41'),
    ]);
  });

  it('keeps a nested IAC SB inside SB from wedging', () => {
    expect(parse('ff fa 18 01 ff fa 1f 00 50 00 18 ff f0 41')).toEqual([
      { kind: 'error', code: 'TELNET_SB_UNTERMINATED', option: 24 },
      { kind: 'subnegotiation', option: 31, hex: '00500018' },
      data('41'),
    ]);
  });

  it('delivers a payload exactly at the cap', () => {
    expect(parse('ff fa c9 01 02 03 04 ff f0', { maxSubnegotiationBytes: 4 })).toEqual([
      { kind: 'subnegotiation', option: 201, hex: '01020304' },
    ]);
  });

  it('discards a payload past the cap with one error, then resumes after IAC SE', () => {
    expect(
      parse('ff fa c9 01 02 03 04 05 06 ff ff 07 ff f0 41 ff fa 1f 00 01 00 02 ff f0', {
        maxSubnegotiationBytes: 4,
      }),
    ).toEqual([
      { kind: 'error', code: 'TELNET_SB_OVERFLOW', option: 201 },
      data('41'),
      { kind: 'subnegotiation', option: 31, hex: '00010002' },
    ]);
  });

  it('counts an escaped 255 as one byte against the cap', () => {
    expect(parse('ff fa 1f ff ff ff ff ff f0', { maxSubnegotiationBytes: 2 })).toEqual([
      { kind: 'subnegotiation', option: 31, hex: 'ffff' },
    ]);
  });

  it('survives 1 MiB of SB without SE, holding no more than the cap', () => {
    const cap = 65_536;
    const parser = new TelnetParser({ maxSubnegotiationBytes: cap });
    const events: TelnetEvent[] = [...parser.push(hex('ff fa c9'))];
    const block = Buffer.alloc(4096, 0x41);
    for (let sent = 0; sent < 1024 * 1024; sent += block.length) {
      events.push(...parser.push(block));
      expect(parser.bufferedBytes).toBeLessThanOrEqual(cap);
    }
    events.push(...parser.push(hex('ff f0 6c 6f 6f 6b')));
    expect(plain(events)).toEqual([
      { kind: 'error', code: 'TELNET_SB_OVERFLOW', option: 201 },
      data(Buffer.from('look').toString('hex')),
    ]);
    expect(parser.bufferedBytes).toBe(0);
  });

  it('reports buffered payload bytes while an SB is open', () => {
    const parser = new TelnetParser();
    parser.push(hex('ff fa c9 01 02 03'));
    expect(parser.bufferedBytes).toBe(3);
    parser.push(hex('ff f0'));
    expect(parser.bufferedBytes).toBe(0);
  });

  it('holds no buffer between subnegotiations (an idle connection keeps none)', () => {
    const parser = new TelnetParser();
    parser.push(hex('ff fa 1f 00 50'));
    expect(parser.heldBufferBytes).toBeGreaterThan(0);
    const events = parser.push(hex('00 18 ff f0'));
    expect(plain(events)).toEqual([{ kind: 'subnegotiation', option: 31, hex: '00500018' }]);
    expect(parser.heldBufferBytes).toBe(0);
  });

  it('rejects a nonsensical cap', () => {
    expect(() => new TelnetParser({ maxSubnegotiationBytes: -1 })).toThrow(RangeError);
  });
});

describe('TelnetParser pause after subnegotiation (MCCP3)', () => {
  const pauseOnMccp3 = { pauseAfterSubnegotiation: (option: number) => option === 87 };

  it('stops after IAC SB MCCP3 IAC SE and hands back the rest of the chunk', () => {
    const parser = new TelnetParser(pauseOnMccp3);
    expect(plain(parser.push(hex('41 ff fa 57 ff f0 78 9c ff ff')))).toEqual([
      data('41'),
      { kind: 'subnegotiation', option: 87, hex: '' },
      { kind: 'remainder', hex: '789cffff' },
    ]);
  });

  it('emits no remainder when the chunk ends with the SB', () => {
    expect(parse('ff fa 57 ff f0', pauseOnMccp3)).toEqual([
      { kind: 'subnegotiation', option: 87, hex: '' },
    ]);
  });

  it('does not pause for other options', () => {
    expect(parse('ff fa 1f 00 01 00 02 ff f0 41', pauseOnMccp3)).toEqual([
      { kind: 'subnegotiation', option: 31, hex: '00010002' },
      data('41'),
    ]);
  });
});
