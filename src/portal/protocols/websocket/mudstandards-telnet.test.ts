import { describe, expect, it } from 'vitest';
import type { FuncCall } from '../../../shared/session-data.ts';
import { MudstandardsTelnetFormat } from './mudstandards-telnet.ts';
import type { Inbound } from './wire-format.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function feed(format: MudstandardsTelnetFormat, bytes: Buffer, oneByOne: boolean): Inbound[] {
  if (!oneByOne) return format.decode(bytes, true);
  const out: Inbound[] = [];
  for (const byte of bytes) out.push(...format.decode(Buffer.from([byte]), true));
  return out;
}

const calls = (events: Inbound[]): FuncCall[] =>
  events.flatMap((e) => (e.kind === 'call' ? [e.call] : []));
const replies = (events: Inbound[]): string =>
  Buffer.concat(
    events.flatMap((e) => (e.kind === 'reply' ? [Buffer.from(e.frame.data)] : [])),
  ).toString('hex');

describe('telnet.mudstandards.org', () => {
  for (const oneByOne of [false, true]) {
    const how = oneByOne ? 'one byte per frame' : 'whole';
    it(`reads lines across frames and commands (${how})`, () => {
      const format = new MudstandardsTelnetFormat({ maxLineLength: 100 });
      // "lo" IAC NOP "ok" CR LF "a" FF FF CR NUL
      const events = feed(format, hex('6c6f fff1 6f6b 0d0a 61 ffff 0d00'), oneByOne);
      expect(calls(events)).toEqual([
        ['text', ['look'], {}],
        ['text', [Buffer.from([0x61, 0xff]).toString('utf8')], {}],
      ]);
      expect(events.filter((e) => e.kind === 'keepalive')).toHaveLength(1);
    });

    it(`refuses every option once, with no loop (${how})`, () => {
      const format = new MudstandardsTelnetFormat({ maxLineLength: 100 });
      // WILL NAWS, DO ECHO, then the same again: one DONT and one WONT in all.
      const events = feed(format, hex('fffb1f fffd01 fffb1f fffd01'), oneByOne);
      expect(replies(events)).toBe('fffe1f' + 'fffc01');
    });
  }

  it('caps lines while reading them', () => {
    const format = new MudstandardsTelnetFormat({ maxLineLength: 4 });
    const events = format.decode(Buffer.from('abcdefghijklmnopqrstuvwxyz\r\nok\r\n'), true);
    expect(events.filter((e) => e.kind === 'tooLong')).toHaveLength(1);
    expect(calls(events)).toEqual([['text', ['ok'], {}]]);
  });

  it('survives malformed telnet (SB overflow, stray SE)', () => {
    const format = new MudstandardsTelnetFormat({ maxLineLength: 100 });
    const sb = Buffer.concat([hex('fffa18'), Buffer.alloc(70_000, 0x41), hex('fff0')]);
    const events = format.decode(Buffer.concat([hex('fff0'), sb, Buffer.from('hi\n')]), true);
    expect(calls(events)).toEqual([['text', ['hi'], {}]]);
    expect(format.decode(Buffer.from('text frame'), false)[0]?.kind).toBe('invalid');
  });

  it('sends CR LF text with FF doubled, and IAC GA after prompts', () => {
    const format = new MudstandardsTelnetFormat({ maxLineLength: 100 });
    expect(Buffer.from(format.encode(['text', ['a\nb'], {}])[0]!.data).toString('hex')).toBe(
      Buffer.from('a\r\nb\r\n').toString('hex'),
    );
    expect(Buffer.from(format.encode(['prompt', ['>'], {}])[0]!.data).toString('hex')).toBe(
      '3efff9',
    );
    expect(format.encode(['logged_in', [], {}])).toEqual([]);
  });
});
