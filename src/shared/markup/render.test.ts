import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL_FLAGS, type ProtocolFlags } from '../session-data.ts';
import { colourModeForFlags, mxpLinksForFlags, renderForFlags } from './render.ts';

const ESC = '\u001b';
const flags = (extra: Readonly<ProtocolFlags>): ProtocolFlags => ({
  ...DEFAULT_PROTOCOL_FLAGS,
  ...extra,
});
const SAMPLE = 'say |#ff0000hi|n & |500bye|n';

describe('colourModeForFlags', () => {
  it.each<[ProtocolFlags, string]>([
    [{}, 'none'],
    [{ ANSI: true }, 'ansi16'],
    [{ ANSI: true, XTERM256: true }, 'xterm256'],
    [{ ANSI: true, XTERM256: true, TRUECOLOR: true }, 'truecolor'],
    [{ ANSI: true, XTERM256: true, NOCOLOR: true }, 'none'],
    [{ TRUECOLOR: true, SCREENREADER: true }, 'none'],
    [{ TRUECOLOR: true, NOCOLOR: true, RAW: true }, 'raw'],
  ])('%j → %s', (extra, mode) => {
    expect(colourModeForFlags(flags(extra))).toBe(mode);
  });

  it('counts only flags that are true', () => {
    expect(colourModeForFlags({ ANSI: 'yes', XTERM256: 1, NOCOLOR: 'false' })).toBe('none');
  });
});

describe('renderForFlags', () => {
  it('renders at the depth the flags allow', () => {
    expect(renderForFlags(SAMPLE, flags({ ANSI: true }))).toBe(
      `say ${ESC}[1;31mhi${ESC}[0m & ${ESC}[1;31mbye${ESC}[0m`,
    );
    expect(renderForFlags(SAMPLE, flags({ ANSI: true, XTERM256: true }))).toBe(
      `say ${ESC}[38;5;196mhi${ESC}[0m & ${ESC}[38;5;196mbye${ESC}[0m`,
    );
    expect(renderForFlags(SAMPLE, flags({ ANSI: true, XTERM256: true, TRUECOLOR: true }))).toBe(
      `say ${ESC}[38;2;255;0;0mhi${ESC}[0m & ${ESC}[38;5;196mbye${ESC}[0m`,
    );
  });

  it('strips markup for NOCOLOR, screen readers and clients without ANSI', () => {
    const extras: ProtocolFlags[] = [
      {},
      { ANSI: true, NOCOLOR: true },
      { XTERM256: true, SCREENREADER: true },
    ];
    for (const extra of extras) {
      expect(renderForFlags(SAMPLE, flags(extra))).toBe('say hi & bye');
    }
  });

  it('shows the markup as written for RAW, without raw escapes', () => {
    expect(renderForFlags(`${SAMPLE}${ESC}[31m`, flags({ RAW: true, ANSI: true }))).toBe(SAMPLE);
  });

  it('renders HTML for the webclient with every colour, or plain escaped text', () => {
    expect(renderForFlags(SAMPLE, flags({}), 'html')).toBe(
      'say <span style="color:#ff0000">hi</span> &amp; <span style="color:#ff0000">bye</span>',
    );
    expect(renderForFlags(`${SAMPLE}|/<i>`, flags({ SCREENREADER: true }), 'html')).toBe(
      'say hi &amp; bye<br>&lt;i&gt;',
    );
    expect(renderForFlags('|r<x>\r\n', flags({ RAW: true }), 'html')).toBe('|r&lt;x&gt;<br>');
  });
});

describe('links by client', () => {
  const LINK = 'Go |lclook|ltLook around|le.';
  const MXP = `Go ${ESC}[4z<SEND HREF="look">Look around${ESC}[4z</SEND>.`;

  it('are MXP tags only for a terminal that agreed to MXP and takes colour or links', () => {
    expect(renderForFlags(LINK, flags({ ANSI: true, MXP: true }))).toBe(MXP);
    expect(renderForFlags(LINK, flags({ MXP: true }))).toBe(MXP);
    expect(mxpLinksForFlags(flags({ MXP: true }))).toBe(true);
  });

  it('are plain text for clients without MXP, NOCOLOR and screen readers', () => {
    const extras: ProtocolFlags[] = [
      { ANSI: true },
      {},
      { ANSI: true, MXP: true, NOCOLOR: true },
      { ANSI: true, MXP: true, SCREENREADER: true },
    ];
    for (const extra of extras) {
      expect(renderForFlags(LINK, flags(extra))).toBe('Go Look around.');
    }
    expect(renderForFlags(LINK, flags({ MXP: true, RAW: true }))).toBe(LINK);
  });

  it('are links in the webclient, and plain text there for NOCOLOR and screen readers', () => {
    expect(renderForFlags(LINK, flags({}), 'html')).toBe(
      'Go <a data-command="look">Look around</a>.',
    );
    expect(renderForFlags(LINK, flags({ SCREENREADER: true }), 'html')).toBe('Go Look around.');
  });
});
