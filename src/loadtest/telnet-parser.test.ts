import { describe, expect, it } from 'vitest';
import { TelnetParser } from './telnet-parser.ts';

function parse(chunks: Buffer[]) {
  const out = { data: [] as Buffer[], prompts: 0, replies: [] as Buffer[] };
  const parser = new TelnetParser({
    data: (b) => out.data.push(Buffer.from(b)),
    prompt: () => out.prompts++,
    reply: (b) => out.replies.push(b),
  });
  for (const c of chunks) parser.push(c);
  return { ...out, text: Buffer.concat(out.data).toString('latin1'), parser };
}

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
/** Every byte on its own, to prove no state is lost between chunks. */
const bytewise = (b: Buffer) => [...b].map((x) => Buffer.from([x]));

describe('the load tester’s telnet parser', () => {
  // "hi" IAC WILL ECHO IAC DO NAWS "yo" IAC SB TTYPE 01 IAC IAC IAC SE "!" IAC IAC IAC GA
  const wire = hex('6869 fffb01 fffd1f 796f fffa18 01 ffff fff0 21 ffff fff9');

  for (const [how, chunks] of [
    ['whole', [wire]],
    ['one byte at a time', bytewise(wire)],
  ] as const) {
    it(`refuses options, skips subnegotiation and keeps text (${how})`, () => {
      const r = parse([...chunks]);
      expect(r.text).toBe('hiyo!\xff');
      expect(r.replies.map((b) => b.toString('hex'))).toEqual(['fffe01', 'fffc1f']);
      expect(r.prompts).toBe(1);
      expect(r.parser.currentState).toBe('data');
    });
  }

  it('answers a repeated request only once and never answers a refusal', () => {
    const r = parse([hex('fffb01 fffb01 fffc03 fffe18')]);
    expect(r.replies.map((b) => b.toString('hex'))).toEqual(['fffe01']);
    expect(r.text).toBe('');
  });

  it('reports EOR as a prompt mark too', () => {
    const r = parse([Buffer.from('> '), hex('ffef')]);
    expect(r.text).toBe('> ');
    expect(r.prompts).toBe(1);
  });
});
