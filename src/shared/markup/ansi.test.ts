import { describe, expect, it } from 'vitest';
import { renderAnsi, renderTerminal, sgrParameters } from './ansi.ts';
import { PLAIN_STYLE } from './style.ts';

const ESC = '\u001b';
const sgr = (params: string): string => `${ESC}[${params}m`;
const RESET = sgr('0');

describe('renderAnsi', () => {
  it('leaves text without markup untouched, with no escapes at all', () => {
    for (const depth of ['ansi16', 'xterm256', 'truecolor'] as const) {
      expect(renderAnsi('plain text\nline two', depth)).toBe('plain text\nline two');
    }
  });

  it('draws the basic colours as Evennia does: small letters bold', () => {
    expect(renderAnsi('|rred|n', 'ansi16')).toBe(`${sgr('1;31')}red${RESET}`);
    expect(renderAnsi('|Rred', 'ansi16')).toBe(`${sgr('31')}red${RESET}`);
    expect(renderAnsi('|wwhite|Wgrey|xdark|Xblack', 'ansi16')).toBe(
      `${sgr('1;37')}white${sgr('0;37')}grey${sgr('0;1;30')}dark${sgr('0;30')}black${RESET}`,
    );
    expect(renderAnsi('|h|!Gbold green', 'ansi16')).toBe(`${sgr('1;32')}bold green${RESET}`);
    expect(renderAnsi('|r|Hnot bold', 'ansi16')).toBe(`${sgr('31')}not bold${RESET}`);
  });

  it('draws backgrounds and attributes', () => {
    expect(renderAnsi('|[Bblue', 'ansi16')).toBe(`${sgr('44')}blue${RESET}`);
    expect(renderAnsi('|uu|^b|*i', 'ansi16')).toBe(
      `${sgr('4')}u${sgr('0;4;5')}b${sgr('0;4;5;7')}i${RESET}`,
    );
    expect(renderAnsi('|y|[Ryellow on red', 'xterm256')).toBe(
      `${sgr('1;33;41')}yellow on red${RESET}`,
    );
  });

  it('degrades xterm-256 colours to the nearest of sixteen', () => {
    expect(renderAnsi('|500a', 'ansi16')).toBe(`${sgr('1;31')}a${RESET}`);
    expect(renderAnsi('|300a', 'ansi16')).toBe(`${sgr('31')}a${RESET}`);
    expect(renderAnsi('|005a', 'ansi16')).toBe(`${sgr('1;34')}a${RESET}`);
    expect(renderAnsi('|=ma', 'ansi16')).toBe(`${sgr('1;30')}a${RESET}`);
    expect(renderAnsi('|=za', 'ansi16')).toBe(`${sgr('1;37')}a${RESET}`);
    expect(renderAnsi('|=aa', 'ansi16')).toBe(`${sgr('30')}a${RESET}`);
    // Backgrounds have only the eight normal colours: Evennia's |[r falls back to red.
    expect(renderAnsi('|[ra', 'ansi16')).toBe(`${sgr('41')}a${RESET}`);
    expect(renderAnsi('|[xa', 'ansi16')).toBe(`${sgr('40')}a${RESET}`);
    expect(renderAnsi('|[555a', 'ansi16')).toBe(`${sgr('47')}a${RESET}`);
  });

  it('degrades true colours to sixteen and to 256', () => {
    expect(renderAnsi('|#ff0000a', 'ansi16')).toBe(`${sgr('1;31')}a${RESET}`);
    expect(renderAnsi('|#ff0000a', 'xterm256')).toBe(`${sgr('38;5;196')}a${RESET}`);
    expect(renderAnsi('|[#5f87afa', 'xterm256')).toBe(`${sgr('48;5;67')}a${RESET}`);
    expect(renderAnsi('|#808080a', 'xterm256')).toBe(`${sgr('38;5;244')}a${RESET}`);
  });

  it('keeps xterm-256 colours at 256 and true colours at full depth', () => {
    expect(renderAnsi('|500a|[=bb', 'xterm256')).toBe(
      `${sgr('38;5;196')}a${sgr('0;38;5;196;48;5;232')}b${RESET}`,
    );
    expect(renderAnsi('|500a', 'truecolor')).toBe(`${sgr('38;5;196')}a${RESET}`);
    expect(renderAnsi('|#ff8800a|[#010203b', 'truecolor')).toBe(
      `${sgr('38;2;255;136;0')}a${sgr('0;38;2;255;136;0;48;2;1;2;3')}b${RESET}`,
    );
  });

  it('writes nothing for codes that change nothing visible', () => {
    // Two true colours that degrade to the same ANSI colour: one escape.
    expect(renderAnsi('|#ff0000a|#fe0101b', 'ansi16')).toBe(`${sgr('1;31')}ab${RESET}`);
    // Codes with no text after them, and a reset with nothing active.
    expect(renderAnsi('a|r|g|n', 'truecolor')).toBe('a');
    expect(renderAnsi('|na', 'truecolor')).toBe('a');
  });

  it('resets before every newline and draws the style again after it', () => {
    expect(renderAnsi('|[Ra\nb', 'ansi16')).toBe(`${sgr('41')}a${RESET}\n${sgr('41')}b${RESET}`);
    expect(renderAnsi('|ra|/|/b', 'ansi16')).toBe(
      `${sgr('1;31')}a${RESET}\n\n${sgr('1;31')}b${RESET}`,
    );
    expect(renderAnsi('|ra\r\nb', 'ansi16')).toBe(
      `${sgr('1;31')}a${RESET}\r\n${sgr('1;31')}b${RESET}`,
    );
  });

  it('shows text codes and unknown codes as text', () => {
    expect(renderAnsi('a||b |q|-c', 'ansi16')).toBe('a|b |q\tc');
  });

  it('removes raw escapes written in the source', () => {
    expect(renderAnsi(`${ESC}[5mx${ESC}]0;t${'\u0007'}`, 'truecolor')).toBe('x');
  });

  it('has no parameters for the plain style', () => {
    expect(sgrParameters(PLAIN_STYLE, 'truecolor')).toBe('');
  });
});

describe('links on a terminal', () => {
  const SEND = (command: string): string => `${ESC}[4z<SEND HREF="${command}">`;
  const CLOSE = `${ESC}[4z</SEND>`;

  it('are their text alone without MXP', () => {
    expect(renderAnsi('Go |lclook|ltLook around|le.', 'ansi16')).toBe('Go Look around.');
    expect(renderAnsi('|lclook|lt|gLook|n|le', 'ansi16')).toBe(`${sgr('1;32')}Look${RESET}`);
  });

  it('are MXP SEND tags with MXP, each tag in temp secure mode, colours inside', () => {
    expect(renderTerminal('Go |lclook|ltLook around|le.', 'ansi16', { mxp: true })).toBe(
      `Go ${SEND('look')}Look around${CLOSE}.`,
    );
    expect(renderTerminal('|lclook|lt|gLook|n|le', 'xterm256', { mxp: true })).toBe(
      `${SEND('look')}${sgr('1;32')}Look${CLOSE}${RESET}`,
    );
  });

  it('escape the command inside the tag; the text needs nothing, the line being locked', () => {
    expect(renderTerminal('|lcsay "<hi>" & bye|lt<b>|le', 'ansi16', { mxp: true })).toBe(
      `${SEND('say &quot;&lt;hi&gt;&quot; &amp; bye')}<b>${CLOSE}`,
    );
  });

  it('are closed before a newline and opened again after it', () => {
    expect(renderTerminal('|lclook|ltone|/two|le', null, { mxp: true })).toBe(
      `${SEND('look')}one${CLOSE}\n${SEND('look')}two${CLOSE}`,
    );
  });

  it('draw no colour at all with no depth', () => {
    expect(renderTerminal('|rred |lclook|ltlook|le', null, { mxp: true })).toBe(
      `red ${SEND('look')}look${CLOSE}`,
    );
  });
});
