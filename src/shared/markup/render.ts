/**
 * Choosing a rendering from a session's protocol flags (REFERENCE.md §1), for the Portal to
 * call on every text it sends. In order of precedence:
 *
 * - `RAW`: the markup exactly as written, for debugging (escape sequences still removed);
 * - `NOCOLOR` or `SCREENREADER`: plain text, markup stripped;
 * - `TRUECOLOR`, then `XTERM256`, then `ANSI`: colour at the deepest depth the client claims;
 * - none of them: plain text (a client that never said it speaks ANSI gets no escapes).
 *
 * The webclient asks for `html` output: `RAW` and then `NOCOLOR`/`SCREENREADER` as above,
 * otherwise every colour (a browser shows them all, whatever depth flags are set).
 *
 * Links (`|lc<command>|lt<text>|le`) are links in the webclient's HTML, MXP `<SEND>` tags for a
 * terminal that agreed to MXP (the `MXP` flag), and their text alone for everyone else: plain
 * text, as they are for `NOCOLOR` and screen readers whatever the client speaks.
 */
import type { ProtocolFlags } from '../session-data.ts';
import { renderTerminal } from './ansi.ts';
import { stripAnsi } from './escapes.ts';
import { escapeHtml, renderHtml } from './html.ts';
import { stripMarkup } from './plain.ts';

export type ColourMode = 'raw' | 'none' | 'ansi16' | 'xterm256' | 'truecolor';

/** What the text is drawn for: a terminal (telnet, SSH) or the webclient's HTML. */
export type RenderTarget = 'terminal' | 'html';

/** The player asked for no colour, or reads with a screen reader. */
function refusesColour(flags: Readonly<ProtocolFlags>): boolean {
  return flags.NOCOLOR === true || flags.SCREENREADER === true;
}

/** Whether a terminal with these flags gets links as MXP tags. */
export function mxpLinksForFlags(flags: Readonly<ProtocolFlags>): boolean {
  return flags.MXP === true && flags.RAW !== true && !refusesColour(flags);
}

/** Which rendering a terminal with these flags gets. Only a flag that is `true` counts. */
export function colourModeForFlags(flags: Readonly<ProtocolFlags>): ColourMode {
  if (flags.RAW === true) return 'raw';
  if (refusesColour(flags)) return 'none';
  if (flags.TRUECOLOR === true) return 'truecolor';
  if (flags.XTERM256 === true) return 'xterm256';
  if (flags.ANSI === true) return 'ansi16';
  return 'none';
}

/** Plain text as HTML: escaped, newlines as `<br>`, carriage returns dropped. */
function plainHtml(text: string): string {
  return escapeHtml(text.replaceAll('\r', '')).replaceAll('\n', '<br>');
}

/** Render markup for a client with these protocol flags. */
export function renderForFlags(
  text: string,
  flags: Readonly<ProtocolFlags>,
  target: RenderTarget = 'terminal',
): string {
  // Most game text has no markup at all (every code starts with `|`): then every rendering is
  // the text without raw escapes, and the parser and renderers have nothing to do.
  const plain = !text.includes('|');
  if (target === 'html') {
    if (plain || flags.RAW === true) return plainHtml(stripAnsi(text));
    if (refusesColour(flags)) return plainHtml(stripMarkup(text));
    return renderHtml(text);
  }
  if (plain) return stripAnsi(text);
  const mode = colourModeForFlags(flags);
  const mxp = mxpLinksForFlags(flags);
  switch (mode) {
    case 'raw':
      return stripAnsi(text);
    case 'none':
      // A client with MXP that claims no colour still gets its links.
      return mxp ? renderTerminal(text, null, { mxp }) : stripMarkup(text);
    case 'ansi16':
    case 'xterm256':
    case 'truecolor':
      return renderTerminal(text, mode, { mxp });
    default: {
      const unreachable: never = mode;
      return unreachable;
    }
  }
}
