import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { TelnetParser } from '../parser.ts';
import { ascii, h, harness, neg, runBytes, sb } from '../protocol-harness.ts';

/** Every `IAC WILL/WONT/DO/DONT` in `hexBytes`, as `"WILL 3"` strings, in order. */
function negotiationsIn(hexBytes: string): string[] {
  const found: string[] = [];
  for (const event of new TelnetParser().push(Buffer.from(hexBytes, 'hex'))) {
    if (event.kind === 'negotiate') found.push(`${event.verb} ${event.option}`);
  }
  return found;
}

describe('SGA (option 3)', () => {
  it('is not offered: the opening round says neither WILL SGA nor WILL ECHO', () => {
    const t = harness();
    t.protocol.start();
    const offers = negotiationsIn(t.takeOut());
    expect(offers.length).toBeGreaterThan(0);
    expect(offers).not.toContain(`WILL ${OPT.SGA}`);
    expect(offers).not.toContain(`WILL ${OPT.ECHO}`);
  });

  it('a client that asks (DO SGA) gets WILL SGA, and NOGOAHEAD is set', () => {
    const t = runBytes(neg('DO', OPT.SGA), { start: true });
    expect(t.rec.out).toBe(h(neg('WILL', OPT.SGA)));
    expect(t.rec.flags).toMatchObject({ NOGOAHEAD: true });
    expect(t.protocol.sga.suppressing).toBe(true);
    expect(t.protocol.promptMark()).toBeNull();
  });

  it('DONT SGA (Mudlet) is not answered: nothing was on, prompts get GA', () => {
    const t = runBytes(neg('DONT', OPT.SGA), { start: true });
    expect(t.rec.out).toBe('');
    expect(t.protocol.sga.suppressing).toBe(false);
    expect(t.protocol.promptMark()?.toString('hex')).toBe('fff9');
  });

  it('accepts WILL SGA from the client', () => {
    const t = runBytes(neg('WILL', OPT.SGA));
    expect(t.rec.out).toBe(h(neg('DO', OPT.SGA)));
  });

  /**
   * What Debian's `telnet` (inetutils-telnet 2.4) sent to a Waystone Portal, captured on the
   * wire. Offered `WILL SGA`, it used to answer `DO SGA` and switch to character-at-a-time with
   * local echo: `look` then went out as `6c 6f 6f 6b 0d 00` and the screen showed `look^M`.
   * Now nothing moves it off line mode, and `look` comes as `… 0d 0a`.
   */
  it('keeps BSD telnet (Debian) in line mode through its whole opening round', () => {
    const t = harness({ start: true });
    const answers = [
      neg('DONT', OPT.EOR),
      neg('WILL', OPT.NAWS),
      sb(OPT.NAWS, '00 78 00 28'),
      neg('WILL', OPT.TTYPE),
      neg('DONT', OPT.CHARSET),
      neg('WILL', OPT.NEW_ENVIRON),
      neg('DONT', OPT.MSSP),
      neg('DONT', OPT.MSDP),
      neg('DONT', OPT.GMCP),
      neg('DONT', OPT.MCCP2),
      neg('DONT', OPT.MCCP3),
      neg('DONT', OPT.MXP),
    ].join(' ');
    t.feed(answers);
    const ttypeIs = sb(OPT.TTYPE, `00 ${ascii('TMUX-256COLOR')}`);
    const environIs = sb(
      OPT.NEW_ENVIRON,
      `00 03 ${['CLIENT_NAME', 'CLIENT_VERSION', 'CHARSET', 'MTTS', 'TERMINAL_TYPE'].map(ascii).join(' 03 ')}`,
    );
    t.feed(`${ttypeIs} ${environIs}`);
    t.feed(ttypeIs); // The second SEND gets the same name: TTYPE stops asking.
    t.feed(ascii('look\r\n'));

    const replies = negotiationsIn(t.rec.out);
    expect(replies).not.toContain(`WILL ${OPT.SGA}`);
    expect(replies).not.toContain(`WILL ${OPT.ECHO}`);
    expect(t.protocol.sga.suppressing).toBe(false);
    expect(t.protocol.echo.echoing).toBe(false);
    expect(t.protocol.settled).toBe(true);
    expect(t.rec.flags).toMatchObject({ SCREENWIDTH: 120, SCREENHEIGHT: 40 });
    expect(t.rec.data).toBe(ascii('look\r\n'));
    // Its prompts end in GA, which BSD telnet swallows without showing anything.
    expect(t.protocol.promptMark()?.toString('hex')).toBe('fff9');
  });
});
