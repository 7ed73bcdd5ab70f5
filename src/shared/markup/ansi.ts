/**
 * Markup to ANSI SGR escapes (ECMA-48 §8.3.117) at the colour depth a client supports:
 *
 * - `ansi16`: the eight colours plus intensity. Lower-case codes are bold + colour, as in
 *   Evennia (`|r` is `ESC[1;31m`, `|R` is `ESC[22;31m` there; here `ESC[31m` after a reset).
 *   xterm-256 and true colours become the nearest of the sixteen (palette.ts): a bright one
 *   turns intensity on; backgrounds have only the eight normal colours, so `|[r` is `ESC[41m`.
 * - `xterm256`: `ESC[38;5;Nm` / `ESC[48;5;Nm`; true colours become the nearest palette colour.
 * - `truecolor`: `ESC[38;2;R;G;Bm` / `ESC[48;2;R;G;Bm` as well.
 *
 * Escapes are written lazily, just before text that needs a different look, and always as the
 * whole style (`ESC[0;…m` after another style), so the output never depends on what the client
 * did before. Before every newline, and at the end, an active style is reset: no colour bleeds
 * into the next line (a background would otherwise fill the new line when the terminal
 * scrolls), nor into the next message. Raw escapes in the source text are removed.
 *
 * Links (`|lc…|lt…|le`) are their text alone, unless the client agreed to MXP: then they are
 * MXP `<SEND>` tags (mxp.ts), closed before every newline and opened again after it, as the
 * colours are. `renderTerminal` with no depth draws the links of a client that has MXP but
 * claims no colour.
 */
import { stripAnsi } from './escapes.ts';
import { nearestAnsi16, nearestXterm256, xtermToRgb } from './palette.ts';
import { MXP_LINK_CLOSE, mxpLinkOpen } from './mxp.ts';
import { parseMarkup, type Colour, type Rgb } from './parse.ts';
import { applyToken, PLAIN_STYLE, type TextStyle } from './style.ts';

export type AnsiDepth = 'ansi16' | 'xterm256' | 'truecolor';

const ESC = '\u001b';
const SGR_RESET = `${ESC}[0m`;

function rgbOf(colour: Colour): Rgb {
  return colour.kind === 'rgb' ? colour.rgb : xtermToRgb(colour.index);
}

/** The SGR colour parameters for a colour, `base` 30 (foreground) or 40 (background). */
function colourParameters(colour: Colour, base: 30 | 40, depth: AnsiDepth): string {
  const extended = base + 8; // 38 or 48
  if (colour.kind === 'ansi') return String(base + colour.index);
  if (depth === 'ansi16') return String(base + (nearestAnsi16(rgbOf(colour)) % 8));
  if (colour.kind === 'xterm') return `${extended};5;${colour.index}`;
  if (depth === 'xterm256') return `${extended};5;${nearestXterm256(colour.rgb)}`;
  const { r, g, b } = colour.rgb;
  return `${extended};2;${r};${g};${b}`;
}

/** The SGR parameters that draw a style at a depth; `''` for the client's default. */
export function sgrParameters(style: TextStyle, depth: AnsiDepth): string {
  let bright = style.bright;
  if (depth === 'ansi16' && style.fg !== null && style.fg.kind !== 'ansi') {
    // A degraded colour from the bright half of the sixteen needs the intensity to show.
    if (nearestAnsi16(rgbOf(style.fg)) >= 8) bright = true;
  }
  const params: string[] = [];
  if (bright) params.push('1');
  if (style.underline) params.push('4');
  if (style.blink) params.push('5');
  if (style.inverse) params.push('7');
  if (style.fg !== null) params.push(colourParameters(style.fg, 30, depth));
  if (style.bg !== null) params.push(colourParameters(style.bg, 40, depth));
  return params.join(';');
}

/** Render markup for a terminal client at the given colour depth. */
export function renderAnsi(text: string, depth: AnsiDepth): string {
  return renderTerminal(text, depth);
}

export interface TerminalOptions {
  /** The client agreed to MXP: links are `<SEND>` tags. */
  readonly mxp?: boolean;
}

/** Render markup for a terminal: colour at `depth` (none when null), links as MXP if asked. */
export function renderTerminal(
  text: string,
  depth: AnsiDepth | null,
  options: TerminalOptions = {},
): string {
  const mxp = options.mxp === true;
  const out: string[] = [];
  let style = PLAIN_STYLE;
  /** What the client was last told; `''` means the default (nothing active). */
  let emitted = '';
  /** The command of the link the text is in, and whether its tag is open on this line. */
  let link: string | null = null;
  let linkOpen = false;
  const closeLink = (): void => {
    if (linkOpen) out.push(MXP_LINK_CLOSE);
    linkOpen = false;
  };
  const write = (chunk: string): void => {
    if (chunk === '') return;
    if (link !== null && !linkOpen) {
      out.push(mxpLinkOpen(link));
      linkOpen = true;
    }
    const wanted = depth === null ? '' : sgrParameters(style, depth);
    if (wanted !== emitted) {
      if (wanted === '') out.push(SGR_RESET);
      else out.push(emitted === '' ? `${ESC}[${wanted}m` : `${ESC}[0;${wanted}m`);
      emitted = wanted;
    }
    out.push(chunk);
  };
  for (const token of parseMarkup(text)) {
    if (token.kind === 'linkStart') {
      if (mxp) link = token.command;
      continue;
    }
    if (token.kind === 'linkEnd') {
      closeLink();
      link = null;
      continue;
    }
    if (token.kind !== 'text') {
      style = applyToken(style, token);
      continue;
    }
    const visible = stripAnsi(token.text);
    let from = 0;
    for (let nl = visible.indexOf('\n'); nl >= 0; nl = visible.indexOf('\n', from)) {
      const lineEnd = nl > from && visible[nl - 1] === '\r' ? nl - 1 : nl;
      write(visible.slice(from, lineEnd));
      closeLink();
      if (emitted !== '') {
        out.push(SGR_RESET);
        emitted = '';
      }
      out.push(visible.slice(lineEnd, nl + 1));
      from = nl + 1;
    }
    write(visible.slice(from));
  }
  closeLink();
  if (emitted !== '') out.push(SGR_RESET);
  return out.join('');
}
