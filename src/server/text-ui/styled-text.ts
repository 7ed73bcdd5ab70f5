/**
 * Coloured text as the text tools lay it out: markup read once into pieces — a visible
 * character (one grapheme, with its width in columns) or a code (a colour, `|n`, a link's
 * start or end, zero columns) — so a table can measure what the player will see, cut a cell
 * into lines or a text into pages, and write each piece back as markup that shows the same.
 *
 * A piece of text cut out of its whole must carry its own colours: `lineSources` writes every
 * line so that it starts with the style in force there (re-opening a link that runs on) and
 * ends plain (`|n`, `|le`), so a cell's colour never bleeds into the next cell or the border,
 * and a page starts in the colour the text had. Lines with no codes are written exactly as the
 * text was.
 *
 * Layout is plain text's: raw escape sequences are dropped (every renderer drops them), a tab
 * (`|-` too) is four spaces, `\r` is dropped and `\n` (`|/` too) ends a line.
 */
import { stripAnsi } from '../../shared/markup/escapes.ts';
import { parseMarkup, type MarkupToken } from '../../shared/markup/parse.ts';
import { applyToken, PLAIN_STYLE, type TextStyle } from '../../shared/markup/style.ts';
import { graphemes, graphemeWidth } from './display-width.ts';
import { textSource, tokenSource } from './markup-source.ts';

/** One visible character, or one code. */
export type Piece =
  | { readonly kind: 'char'; readonly text: string; readonly width: number }
  | { readonly kind: 'code'; readonly token: MarkupToken };

const TAB_SPACES = 4;
const SPACE: Piece = Object.freeze({ kind: 'char', text: ' ', width: 1 });
const NEWLINE: Piece = Object.freeze({ kind: 'char', text: '\n', width: 0 });

/** Markup read into pieces (see the module comment for what layout keeps). */
export function toPieces(markup: string): Piece[] {
  const pieces: Piece[] = [];
  const tokens: readonly MarkupToken[] = markup.includes('|')
    ? parseMarkup(markup)
    : [{ kind: 'text', text: markup }];
  for (const token of tokens) {
    if (token.kind !== 'text') {
      pieces.push({ kind: 'code', token });
      continue;
    }
    for (const g of graphemes(stripAnsi(token.text))) {
      if (g === '\n' || g === '\r\n') pieces.push(NEWLINE);
      else if (g === '\t') for (let i = 0; i < TAB_SPACES; i++) pieces.push(SPACE);
      else if (g === ' ') pieces.push(SPACE);
      else if (g !== '\r') pieces.push({ kind: 'char', text: g, width: graphemeWidth(g) });
    }
  }
  return pieces;
}

/** Columns the pieces take on one line (newlines count nothing). */
export function piecesWidth(pieces: readonly Piece[]): number {
  let width = 0;
  for (const p of pieces) if (p.kind === 'char') width += p.width;
  return width;
}

/** The pieces cut at each newline (the newlines dropped): one list per line. */
export function splitLines(pieces: readonly Piece[]): Piece[][] {
  const lines: Piece[][] = [[]];
  for (const p of pieces) {
    if (p === NEWLINE || (p.kind === 'char' && p.text === '\n')) lines.push([]);
    else (lines[lines.length - 1] as Piece[]).push(p);
  }
  return lines;
}

/** The visible width of markup: its widest line, in columns. */
export function markupWidth(markup: string): number {
  let widest = 0;
  for (const line of splitLines(toPieces(markup))) widest = Math.max(widest, piecesWidth(line));
  return widest;
}

function styleIsPlain(style: TextStyle): boolean {
  return (
    style.fg === null &&
    style.bg === null &&
    !style.bright &&
    !style.underline &&
    !style.blink &&
    !style.inverse
  );
}

/** The codes that set `style` on plain text. */
function styleSource(style: TextStyle): string {
  let out = '';
  let bright = style.bright;
  if (style.fg?.kind === 'ansi') {
    // `|r` sets the colour and the intensity at once, as it was most likely written.
    out += tokenSource({ kind: 'fg', colour: style.fg, bright });
    bright = false;
  } else if (style.fg !== null) {
    // Extended colours leave the intensity alone: it follows as `|h`.
    out += tokenSource({ kind: 'fg', colour: style.fg });
  }
  if (style.bg !== null) out += tokenSource({ kind: 'bg', colour: style.bg });
  if (bright) out += '|h';
  if (style.underline) out += '|u';
  if (style.blink) out += '|^';
  if (style.inverse) out += '|*';
  return out;
}

/**
 * Writes lines of pieces as markup, one string per line, each standing on its own: it starts
 * with the style (and open link) carried over from the lines before it and ends plain.
 */
export class LineWriter {
  #style: TextStyle = PLAIN_STYLE;
  /** The command of the link the text is inside, or null. */
  #link: string | null = null;

  /** The markup of one line; the style at its end carries over to the next call. */
  write(line: readonly Piece[]): string {
    let out = '';
    // Open only once a character shows: a link cut before its text would show its command.
    let linkOpen = false;
    let styleWritten = styleIsPlain(this.#style);
    for (const p of line) {
      if (p.kind === 'code') {
        const t = p.token;
        if (t.kind === 'linkStart') {
          this.#link = t.command;
        } else if (t.kind === 'linkEnd') {
          if (linkOpen) out += '|le';
          this.#link = null;
          linkOpen = false;
        } else {
          this.#style = applyToken(this.#style, t);
          if (styleWritten) out += tokenSource(t);
        }
        continue;
      }
      if (!styleWritten) {
        out += styleSource(this.#style);
        styleWritten = true;
      }
      if (this.#link !== null && !linkOpen) {
        out += tokenSource({ kind: 'linkStart', command: this.#link });
        linkOpen = true;
      }
      out += textSource(p.text);
    }
    if (linkOpen) out += '|le';
    if (!styleIsPlain(this.#style) && styleWritten) out += '|n';
    return out;
  }
}

/** Each line written with `LineWriter`: self-contained markup lines. */
export function lineSources(lines: readonly (readonly Piece[])[]): string[] {
  const writer = new LineWriter();
  return lines.map((line) => writer.write(line));
}
