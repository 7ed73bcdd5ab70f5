/**
 * Word wrap for coloured text: lines at most `width` columns wide, broken at spaces, a word
 * longer than a line broken wherever it must (between two characters, never inside one). Line
 * breaks in the text are kept, blank lines too, and so is the indentation a paragraph starts
 * with; the spaces where a line is broken are dropped. Codes are never dropped: a colour set
 * just before a break is in force on the next line.
 *
 * A character wider than the whole width (a CJK ideograph in a column of 1) gets a line of its
 * own and overflows it: nothing narrower can show it.
 */
import { lineSources, piecesWidth, splitLines, toPieces, type Piece } from './styled-text.ts';

interface Word {
  readonly pieces: Piece[];
  width: number;
  /** Visible characters, as opposed to codes only. */
  chars: number;
}

function isSpace(p: Piece): boolean {
  return p.kind === 'char' && p.text === ' ';
}

/** One line (no newlines) as gaps and words: `[gap, word, gap, word, …, trailing gap]`. */
function words(line: readonly Piece[]): { gaps: Piece[][]; words: Word[] } {
  const gaps: Piece[][] = [[]];
  const list: Word[] = [];
  let word: Word = { pieces: [], width: 0, chars: 0 };
  for (const p of line) {
    if (isSpace(p) && word.chars === 0) {
      // Codes just before a space belong to the next word, which they colour.
      (gaps[gaps.length - 1] as Piece[]).push(p);
      continue;
    }
    if (isSpace(p)) {
      list.push(word);
      word = { pieces: [], width: 0, chars: 0 };
      gaps.push([p]);
      continue;
    }
    word.pieces.push(p);
    if (p.kind === 'char') {
      word.width += p.width;
      word.chars++;
    }
  }
  if (word.pieces.length > 0) list.push(word);
  return { gaps, words: list };
}

/** Pieces wrapped into lines of at most `width` columns (see the module comment). */
export function wrapPieces(pieces: readonly Piece[], width: number): Piece[][] {
  const max = Math.max(1, Math.floor(width));
  const out: Piece[][] = [];
  for (const paragraph of splitLines(pieces)) {
    const { gaps, words: list } = words(paragraph);
    let line: Piece[] = [];
    let used = 0;
    let started = false;
    list.forEach((word, i) => {
      const gap = gaps[i] as Piece[];
      const gapWidth = piecesWidth(gap);
      if (word.chars === 0) {
        // Codes only (a closing `|n`): they go where the text is, taking no room.
        line.push(...word.pieces);
        return;
      }
      // The paragraph's own indentation is kept when it fits; elsewhere a gap is a break.
      const lead = !started ? (used + gapWidth + word.width <= max ? gap : []) : gap;
      const leadWidth = !started ? piecesWidth(lead) : gapWidth;
      if (started && used + leadWidth + word.width > max) {
        out.push(line);
        line = [];
        used = 0;
      } else {
        line.push(...lead);
        used += leadWidth;
      }
      started = true;
      if (used + word.width <= max) {
        line.push(...word.pieces);
        used += word.width;
        return;
      }
      // Longer than a line: cut between characters.
      for (const p of word.pieces) {
        if (p.kind === 'char' && used > 0 && used + p.width > max) {
          out.push(line);
          line = [];
          used = 0;
        }
        line.push(p);
        if (p.kind === 'char') used += p.width;
      }
    });
    // Codes before the trailing spaces still count; the spaces do not.
    for (const p of gaps[list.length] ?? []) if (p.kind === 'code') line.push(p);
    out.push(line);
  }
  return out;
}

/** Markup wrapped to `width` columns: one self-contained markup string per line. */
export function wrapMarkup(markup: string, width: number): string[] {
  return lineSources(wrapPieces(toPieces(markup), width));
}
