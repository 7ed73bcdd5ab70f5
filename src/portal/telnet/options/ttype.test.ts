import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { ascii, h, harness, neg, runBytes, sb } from '../protocol-harness.ts';
import { MAX_SENDS, mttsFlags, termFlags } from './ttype.ts';

const SEND = sb(OPT.TTYPE, '01');
const is = (name: string): string => sb(OPT.TTYPE, `00 ${ascii(name)}`);

describe('TTYPE (option 24) with MTTS', () => {
  it('walks the MTTS cycle: client name, terminal type, MTTS bits', () => {
    const t = harness({ start: true });
    t.feed(neg('WILL', OPT.TTYPE));
    expect(t.takeOut()).toBe(h(SEND));
    t.feed(is('MUDLET 4.17.2'));
    expect(t.takeOut()).toBe(h(SEND));
    t.feed(is('XTERM-256COLOR'));
    expect(t.takeOut()).toBe(h(SEND));
    t.feed(is('MTTS 329')); // 1 ANSI + 8 256 colours + 64 screen reader + 256 truecolour
    expect(t.takeOut()).toBe('');
    expect(t.rec.flags).toMatchObject({
      CLIENTNAME: 'MUDLET',
      CLIENTVERSION: '4.17.2',
      TERM: 'XTERM-256COLOR',
      ANSI: true,
      XTERM256: true,
      SCREENREADER: true,
      TRUECOLOR: true,
      TTYPE: true,
    });
    expect(t.protocol.ttype.pending).toBe(false);
  });

  it('gives the same result fed whole and one byte per write', () => {
    const t = runBytes(
      `${neg('WILL', OPT.TTYPE)} ${is('TINTIN++')} ${is('xterm')} ${is('MTTS 15')}`,
      { start: true },
    );
    expect(t.rec.out).toBe(h(`${SEND} ${SEND} ${SEND}`));
    expect(t.rec.flags).toMatchObject({ CLIENTNAME: 'TINTIN++', TERM: 'xterm', 'UTF-8': true });
  });

  it('stops when an answer repeats (a plain terminal)', () => {
    const t = runBytes(`${neg('WILL', OPT.TTYPE)} ${is('xterm-256color')} ${is('xterm-256color')}`);
    expect(t.rec.out).toBe(h(`${neg('DO', OPT.TTYPE)} ${SEND} ${SEND}`));
    expect(t.rec.flags).toMatchObject({ ANSI: true, XTERM256: true, TTYPE: true });
  });

  it('a client that never stops answering gets at most four SENDs', () => {
    const answers = Array.from({ length: 20 }, (_, i) => is(`NAME${i}`)).join(' ');
    const t = runBytes(`${neg('WILL', OPT.TTYPE)} ${answers}`, { start: true });
    expect(t.rec.out).toBe(h(Array(MAX_SENDS).fill(SEND).join(' ')));
    expect(t.protocol.ttype.answerCount).toBe(MAX_SENDS);
    expect(t.rec.flags).toMatchObject({ TTYPE: true });
  });

  it('ignores IS nobody asked for: before agreement and after the cycle ended', () => {
    const t = runBytes(
      `${is('EARLY')} ${neg('WILL', OPT.TTYPE)} ${is('A')} ${is('A')} ${is('B')}`,
      {
        start: true,
      },
    );
    expect(t.rec.out).toBe(h(`${SEND} ${SEND}`));
    expect(t.rec.flags).toMatchObject({ CLIENTNAME: 'A', TTYPE: true });
    expect(t.rec.flags['TERM']).toBeUndefined();
  });

  it('maps MTTS bits and terminal names to flags', () => {
    expect(mttsFlags(2048 + 4)).toMatchObject({ SSL: true, 'UTF-8': true, ANSI: false });
    expect(termFlags('tmux-256color')).toEqual({ ANSI: true, XTERM256: true });
    expect(termFlags('xterm-direct')).toMatchObject({ TRUECOLOR: true });
    expect(termFlags('dumb')).toEqual({ ANSI: false });
  });
});
