/**
 * How many terminal columns text takes: what tables and the pager measure instead of
 * `string.length`. A user-perceived character (a grapheme cluster: `e` + a combining accent,
 * a flag, a family emoji) is measured as one:
 *
 *   0 columns  control characters, combining marks, zero-width and other format characters
 *   2 columns  East Asian wide and fullwidth characters (CJK ideographs, kana, Hangul,
 *              fullwidth forms), emoji shown as emoji (Emoji_Presentation, or any pictograph
 *              with the emoji variation selector U+FE0F), flags (regional indicator pairs)
 *   1 column   everything else
 *
 * This is what wcwidth-style terminals (xterm, Mudlet, TinTin++, most others) do. Terminals
 * disagree on a few characters (ambiguous-width symbols such as `±` or box drawing in CJK
 * locales are taken as 1 here), so a table of such text can be off by a column there.
 */

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Whole graphemes that take no column: marks, format characters, controls. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]+$/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const REGIONAL_INDICATOR = /\p{Regional_Indicator}/u;

/** East Asian Wide (W) and Fullwidth (F) ranges outside the emoji (Unicode 15, UAX #11). */
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // kana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed
  [0x3400, 0x4dbf], // CJK Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo Extended-A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4], // ideographic symbols
  [0x17000, 0x18cff], // Tangut, Khitan
  [0x1b000, 0x1b2ff], // kana supplement and extensions, Nushu
  [0x20000, 0x2fffd], // CJK Extensions B–F, compatibility supplement
  [0x30000, 0x3fffd], // CJK Extensions G–H
];

function isWideCodePoint(cp: number): boolean {
  // Binary search: the ranges are sorted and disjoint.
  let lo = 0;
  let hi = WIDE_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [from, to] = WIDE_RANGES[mid] as readonly [number, number];
    if (cp < from) hi = mid - 1;
    else if (cp > to) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The columns one grapheme cluster takes: 0, 1 or 2. */
export function graphemeWidth(grapheme: string): number {
  const first = grapheme.codePointAt(0);
  if (first === undefined) return 0;
  // Printable ASCII, by far the most common: no regular expression needed.
  if (first >= 0x20 && first < 0x7f && grapheme.length === 1) return 1;
  if (ZERO_WIDTH.test(grapheme)) return 0;
  if (isWideCodePoint(first)) return 2;
  if (EMOJI_PRESENTATION.test(grapheme)) return 2;
  if (grapheme.includes('\ufe0f') && PICTOGRAPH.test(grapheme)) return 2;
  if (REGIONAL_INDICATOR.test(grapheme) && [...grapheme].length >= 2) return 2;
  return 1;
}

/** The grapheme clusters of plain text, in order. */
export function graphemes(text: string): string[] {
  if (isPlainAscii(text)) return [...text];
  return Array.from(GRAPHEMES.segment(text), (s) => s.segment);
}

/** The columns plain text (no markup) takes on one line. */
export function displayWidth(text: string): number {
  if (isPlainAscii(text)) return countPrintable(text);
  let width = 0;
  for (const { segment } of GRAPHEMES.segment(text)) width += graphemeWidth(segment);
  return width;
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

function isPlainAscii(text: string): boolean {
  return ASCII.test(text);
}

function countPrintable(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) n++;
  }
  return n;
}
