/**
 * Markup tokens written back as markup (the inverse of `parseMarkup`): what lets the text tools
 * cut coloured text into lines, cells and pages and hand each piece on as markup that renders
 * the same, for every client, as the whole did. `parseMarkup(source)` of what this writes gives
 * the same tokens back (a property the tests check).
 */
import { xtermToRgb } from '../../shared/markup/palette.ts';
import type { Colour, MarkupToken } from '../../shared/markup/parse.ts';

const COLOUR_LETTERS = 'xrgybmcw';

/** Text as markup: a bar is written `||` so it stays a bar. */
export function textSource(text: string): string {
  return text.replaceAll('|', '||');
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** An xterm or true colour after the `|` or `|[` that starts its code. */
function extendedSource(colour: Exclude<Colour, { kind: 'ansi' }>): string {
  if (colour.kind === 'rgb') {
    const { r, g, b } = colour.rgb;
    return `#${hex2(r)}${hex2(g)}${hex2(b)}`;
  }
  const i = colour.index;
  if (i >= 232 && i <= 255) return `=${String.fromCharCode(98 + i - 232)}`;
  if (i >= 16 && i <= 231) {
    const c = i - 16;
    return `${Math.floor(c / 36)}${Math.floor(c / 6) % 6}${c % 6}`;
  }
  // The parser never makes xterm 0–15 (those are ansi colours); as true colour, just in case.
  const rgb = xtermToRgb(i);
  return `#${hex2(rgb.r)}${hex2(rgb.g)}${hex2(rgb.b)}`;
}

/** One token as the markup that reads back as it. */
export function tokenSource(token: MarkupToken): string {
  switch (token.kind) {
    case 'text':
      return textSource(token.text);
    case 'fg': {
      const c = token.colour;
      if (c.kind !== 'ansi') return `|${extendedSource(c)}`;
      const letter = COLOUR_LETTERS[c.index] ?? 'w';
      if (token.bright === undefined) return `|!${letter.toUpperCase()}`;
      return `|${token.bright ? letter : letter.toUpperCase()}`;
    }
    case 'bg': {
      const c = token.colour;
      if (c.kind !== 'ansi') return `|[${extendedSource(c)}`;
      return `|[${(COLOUR_LETTERS[c.index] ?? 'x').toUpperCase()}`;
    }
    case 'bright':
      return token.on ? '|h' : '|H';
    case 'underline':
      return '|u';
    case 'blink':
      return '|^';
    case 'inverse':
      return '|*';
    case 'reset':
      return '|n';
    case 'linkStart':
      return `|lc${textSource(token.command)}|lt`;
    case 'linkEnd':
      return '|le';
    default: {
      const unreachable: never = token;
      return unreachable;
    }
  }
}
