/**
 * Evennia-style colour markup, read into a small token stream that every renderer shares.
 *
 * The markup is a bar followed by a short code: `|r` bright red, `|R` dark red, `|[b` a blue
 * background, `|h`/`|H` intensity on/off, `|u` underline, `|^` blink, `|*` inverse, `|n` back
 * to normal, `|500` an xterm-256 cube colour (r, g, b digits 0–5), `|=a`…`|=z` greyscale,
 * `|#ff0000` (or `|#f00`) true colour, `|!R` a colour that leaves the intensity alone, and the
 * text codes `||` (a bar), `|/` (newline), `|-` (tab), `|_` (space), `|>` (indent of four),
 * and Evennia's clickable links `|lc<command>|lt<text>|le` (paired in links.ts).
 * A bar that starts no known code is ordinary text, so `a|qb` and a trailing `|` read as written.
 *
 * Like Evennia, a lower-case letter is the bright (bold) colour and a capital the normal one;
 * `|[r` (a bright background, which ANSI lacks) is the xterm cube colour `|[500`, and `|[x`
 * is `|[222`, exactly as Evennia's `ansi_xterm256_bright_bg_map` defines them.
 *
 * The parser is one left-to-right pass with at most eight characters of look-ahead per bar,
 * no regular expressions, then one pass over the tokens to pair the link marks: its time is
 * linear in the input whatever a hostile player types.
 */

import { pairLinks } from './links.ts';
import type { Colour, LinkMark, MarkupToken } from './tokens.ts';

export type { Colour, MarkupToken, Rgb } from './tokens.ts';

/** The letters of the eight basic colours, by ANSI index (`x` is black: `|x` dark grey). */
const COLOUR_LETTERS = 'xrgybmcw';

/** Evennia's bright backgrounds `|[r`…`|[x`, which it defines as these xterm cube colours. */
const BRIGHT_BACKGROUND_CUBE: ReadonlyMap<string, readonly [number, number, number]> = new Map([
  ['r', [5, 0, 0]],
  ['g', [0, 5, 0]],
  ['y', [5, 5, 0]],
  ['b', [0, 0, 5]],
  ['m', [5, 0, 5]],
  ['c', [0, 5, 5]],
  ['w', [5, 5, 5]],
  ['x', [2, 2, 2]],
]);

/** Codes that stand for text. */
const TEXT_CODES: ReadonlyMap<string, string> = new Map([
  ['|', '|'],
  ['/', '\n'],
  ['-', '\t'],
  ['_', ' '],
  ['>', '    '],
]);

/** xterm index of a 6×6×6 cube colour (each of r, g, b in 0–5). */
export function cubeIndex(r: number, g: number, b: number): number {
  return 16 + 36 * r + 6 * g + b;
}

/**
 * xterm index of Evennia's greyscale letter: `a` is the cube's black (16), `z` its white (231)
 * and `b`…`y` the 24 steps of the greyscale ramp (232–255).
 */
export function greyIndex(letter: string): number {
  if (letter === 'a') return 16;
  if (letter === 'z') return 231;
  return 232 + (letter.charCodeAt(0) - 98);
}

/** A basic colour letter: its ANSI index and whether it was a capital, or null. */
function colourLetter(ch: string | undefined): { index: number; capital: boolean } | null {
  if (ch === undefined || ch.length !== 1) return null;
  const capital = ch >= 'A' && ch <= 'Z';
  if (!capital && !(ch >= 'a' && ch <= 'z')) return null;
  const index = COLOUR_LETTERS.indexOf(ch.toLowerCase());
  return index < 0 ? null : { index, capital };
}

function isCubeDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '5';
}

function isLowerLetter(ch: string | undefined): boolean {
  return ch !== undefined && ch >= 'a' && ch <= 'z';
}

function hexValue(ch: string | undefined): number {
  if (ch === undefined) return -1;
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87; // a-f, A-F
  return -1;
}

/** A colour code found at a position, and how many characters it used. */
interface Match {
  readonly colour: Colour;
  readonly length: number;
}

/**
 * The colour codes `|[` and `|` share, read at `at` (just past the bar, or past `|[`):
 * `555` cube, `=a` greyscale, `#rrggbb` / `#rgb` true colour. Null if none starts there.
 */
function readExtendedColour(text: string, at: number): Match | null {
  const c0 = text[at];
  if (isCubeDigit(c0) && isCubeDigit(text[at + 1]) && isCubeDigit(text[at + 2])) {
    const index = cubeIndex(Number(c0), Number(text[at + 1]), Number(text[at + 2]));
    return { colour: { kind: 'xterm', index }, length: 3 };
  }
  if (c0 === '=' && isLowerLetter(text[at + 1])) {
    return { colour: { kind: 'xterm', index: greyIndex(text[at + 1] as string) }, length: 2 };
  }
  if (c0 === '#') {
    let digits = 0;
    while (digits < 6 && hexValue(text[at + 1 + digits]) >= 0) digits++;
    const d = (k: number): number => hexValue(text[at + 1 + k]);
    if (digits === 6) {
      const rgb = { r: d(0) * 16 + d(1), g: d(2) * 16 + d(3), b: d(4) * 16 + d(5) };
      return { colour: { kind: 'rgb', rgb }, length: 7 };
    }
    if (digits >= 3) {
      // Short form, as in CSS: #f80 is #ff8800.
      const rgb = { r: d(0) * 17, g: d(1) * 17, b: d(2) * 17 };
      return { colour: { kind: 'rgb', rgb }, length: 4 };
    }
  }
  return null;
}

/** A token found at a bar, and how many characters (bar included) it used. */
interface Code {
  readonly token: MarkupToken;
  readonly length: number;
}

const RESET: MarkupToken = { kind: 'reset' };
const BRIGHT_ON: MarkupToken = { kind: 'bright', on: true };
const BRIGHT_OFF: MarkupToken = { kind: 'bright', on: false };
const UNDERLINE: MarkupToken = { kind: 'underline' };
const BLINK: MarkupToken = { kind: 'blink' };
const INVERSE: MarkupToken = { kind: 'inverse' };

/**
 * The non-text code that starts with the bar at `at`, or null if the bar is just a bar. Links
 * are not read here (parseMarkup finds their marks).
 */
export function readCode(text: string, at: number): Code | null {
  const c = text[at + 1];
  if (c === undefined) return null;
  switch (c) {
    case 'n':
      return { token: RESET, length: 2 };
    case 'h':
      return { token: BRIGHT_ON, length: 2 };
    case 'H':
      return { token: BRIGHT_OFF, length: 2 };
    case 'u':
      return { token: UNDERLINE, length: 2 };
    case '^':
      return { token: BLINK, length: 2 };
    case '*':
      return { token: INVERSE, length: 2 };
    case '!': {
      // |!R: the colour alone, intensity untouched (capitals only, as in Evennia).
      const letter = colourLetter(text[at + 2]);
      if (letter === null || !letter.capital) return null;
      return { token: { kind: 'fg', colour: { kind: 'ansi', index: letter.index } }, length: 3 };
    }
    case '[': {
      const cube = BRIGHT_BACKGROUND_CUBE.get(text[at + 2] ?? '');
      if (cube !== undefined) {
        const index = cubeIndex(cube[0], cube[1], cube[2]);
        return { token: { kind: 'bg', colour: { kind: 'xterm', index } }, length: 3 };
      }
      const letter = colourLetter(text[at + 2]);
      if (letter !== null && letter.capital) {
        const colour: Colour = { kind: 'ansi', index: letter.index };
        return { token: { kind: 'bg', colour }, length: 3 };
      }
      const extended = readExtendedColour(text, at + 2);
      if (extended === null) return null;
      return { token: { kind: 'bg', colour: extended.colour }, length: 2 + extended.length };
    }
    default: {
      const letter = colourLetter(c);
      if (letter !== null) {
        const colour: Colour = { kind: 'ansi', index: letter.index };
        return { token: { kind: 'fg', colour, bright: !letter.capital }, length: 2 };
      }
      const extended = readExtendedColour(text, at + 1);
      if (extended === null) return null;
      return { token: { kind: 'fg', colour: extended.colour }, length: 1 + extended.length };
    }
  }
}

/** The link mark (`|lc`, `|lt`, `|le`) that starts with the bar at `at`, or null. */
function readLinkMark(text: string, at: number): LinkMark | null {
  if (text[at + 1] !== 'l') return null;
  const which = text[at + 2];
  return which === 'c' || which === 't' || which === 'e'
    ? { kind: 'mark', which: `l${which}` }
    : null;
}

/**
 * Read markup into tokens. Never throws; every character of the input ends up either in a
 * text token or in exactly one code, and adjacent text is merged into one token.
 */
export function parseMarkup(text: string): MarkupToken[] {
  const tokens: Array<MarkupToken | LinkMark> = [];
  let marks = false;
  /** Text read so far but not yet in a token, as pieces to join once. */
  const pending: string[] = [];
  /** Start of the stretch of source text not yet copied to `pending`. */
  let textStart = 0;
  const flush = (upTo: number): void => {
    if (upTo > textStart) pending.push(text.slice(textStart, upTo));
    if (pending.length > 0) {
      const joined = pending.join('');
      if (joined !== '') tokens.push({ kind: 'text', text: joined });
      pending.length = 0;
    }
  };
  let bar = text.indexOf('|');
  while (bar >= 0) {
    const next = text[bar + 1];
    const asText = next === undefined ? undefined : TEXT_CODES.get(next);
    if (asText !== undefined) {
      if (bar > textStart) pending.push(text.slice(textStart, bar));
      pending.push(asText);
      textStart = bar + 2;
      bar = text.indexOf('|', textStart);
      continue;
    }
    const mark = readLinkMark(text, bar);
    const code = mark === null ? readCode(text, bar) : null;
    if (mark === null && code === null) {
      // Not markup: the bar stays in the text, and reading resumes just after it.
      bar = text.indexOf('|', bar + 1);
      continue;
    }
    flush(bar);
    if (mark !== null) {
      tokens.push(mark);
      marks = true;
      textStart = bar + 3;
    } else if (code !== null) {
      tokens.push(code.token);
      textStart = bar + code.length;
    }
    bar = text.indexOf('|', textStart);
  }
  flush(text.length);
  // Most text has no link marks: then the tokens are already final.
  return marks ? pairLinks(tokens) : (tokens as MarkupToken[]);
}
