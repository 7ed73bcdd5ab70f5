/**
 * ANSI escape sequences in game text, turned into styled runs. The Portal escapes text to HTML
 * but passes ESC through, so a text node may still hold SGR sequences (`ESC[1;31m`); this is
 * a small state machine over them (ECMA-48 §8.3.117 for the SGR parameters). The style carries
 * from one message to the next, as on a terminal. Other CSI and lone-ESC sequences are dropped.
 * Pure: no DOM, so it is unit-tested in Node.
 */
export type AnsiColor = number | string; // 0–255 palette index, or '#rrggbb'

export interface AnsiStyle {
  fg?: AnsiColor;
  bg?: AnsiColor;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

export interface AnsiRun {
  text: string;
  style: Readonly<AnsiStyle>;
}

const ESC = '\u001b';
// CSI: ESC [ parameters (0x30–0x3F)* intermediates (0x20–0x2F)* final (0x40–0x7E).
// Also any other two-character ESC sequence, so a stray escape never shows as garbage.
// eslint-disable-next-line no-control-regex
const SEQUENCE = /\u001b(?:\[([0-?]*)[ -/]*([@-~])|[@-Z\\-_]|$)/g;

export function hasEscape(text: string): boolean {
  return text.includes(ESC);
}

export function isPlain(style: Readonly<AnsiStyle>): boolean {
  return Object.keys(style).length === 0;
}

/** Apply SGR parameters (already split on ';') to a style, in place. */
export function applySgr(style: AnsiStyle, params: readonly number[]): void {
  const p = params.length === 0 ? [0] : params;
  for (let i = 0; i < p.length; i++) {
    const code = p[i]!;
    if (code === 0) for (const key of Object.keys(style)) delete style[key as keyof AnsiStyle];
    else if (code === 1) style.bold = true;
    else if (code === 2) style.dim = true;
    else if (code === 3) style.italic = true;
    else if (code === 4) style.underline = true;
    else if (code === 7) style.inverse = true;
    else if (code === 9) style.strike = true;
    else if (code === 22) {
      delete style.bold;
      delete style.dim;
    } else if (code === 23) delete style.italic;
    else if (code === 24) delete style.underline;
    else if (code === 27) delete style.inverse;
    else if (code === 29) delete style.strike;
    else if (code >= 30 && code <= 37) style.fg = code - 30;
    else if (code === 39) delete style.fg;
    else if (code >= 40 && code <= 47) style.bg = code - 40;
    else if (code === 49) delete style.bg;
    else if (code >= 90 && code <= 97) style.fg = code - 90 + 8;
    else if (code >= 100 && code <= 107) style.bg = code - 100 + 8;
    else if (code === 38 || code === 48) {
      const key = code === 38 ? 'fg' : 'bg';
      if (p[i + 1] === 5 && p[i + 2] !== undefined) {
        const index = p[i + 2]!;
        if (index >= 0 && index <= 255) style[key] = index;
        i += 2;
      } else if (p[i + 1] === 2 && p[i + 4] !== undefined) {
        const [r, g, b] = [p[i + 2]!, p[i + 3]!, p[i + 4]!].map((v) =>
          Math.max(0, Math.min(255, v)),
        );
        style[key] = `#${[r, g, b].map((v) => v!.toString(16).padStart(2, '0')).join('')}`;
        i += 4;
      } else {
        break; // malformed extended colour: ignore the rest of this sequence
      }
    }
  }
}

/**
 * Split `text` into runs of one style each, starting from (and updating) `state`. Text without
 * ESC comes back as one run in the current style.
 */
export function parseAnsi(text: string, state: AnsiStyle): AnsiRun[] {
  const runs: AnsiRun[] = [];
  let last = 0;
  const push = (chunk: string): void => {
    if (chunk !== '') runs.push({ text: chunk, style: { ...state } });
  };
  for (const match of text.matchAll(SEQUENCE)) {
    push(text.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] === 'm') {
      const params = (match[1] ?? '')
        .split(/[;:]/)
        .filter((s, i, all) => s !== '' || all.length > 1)
        .map((s) => (s === '' ? 0 : Number.parseInt(s, 10)))
        .filter((n) => Number.isFinite(n));
      applySgr(state, params);
    }
  }
  push(text.slice(last));
  return runs;
}

/** The xterm 256-colour palette entry for indexes 16–255 (6×6×6 cube, then a grey ramp). */
export function xtermColor(index: number): string {
  const hex = (v: number): string => v.toString(16).padStart(2, '0');
  if (index >= 232) {
    const v = 8 + (index - 232) * 10;
    return `#${hex(v)}${hex(v)}${hex(v)}`;
  }
  const i = index - 16;
  const level = (n: number): number => (n === 0 ? 0 : 55 + n * 40);
  return `#${hex(level(Math.floor(i / 36)))}${hex(level(Math.floor(i / 6) % 6))}${hex(level(i % 6))}`;
}

/**
 * How a style is drawn: CSS classes for the 16 themed colours and attributes (the stylesheet
 * owns the palette), inline colours only for 256-colour and true-colour values. Bold brightens
 * the eight basic foreground colours, as Evennia's `|r` (bold red) expects.
 */
export function styleToCss(style: Readonly<AnsiStyle>): {
  classes: string[];
  color?: string;
  background?: string;
} {
  let fg: AnsiColor | undefined = style.fg;
  let bg: AnsiColor | undefined = style.bg;
  if (style.bold && typeof fg === 'number' && fg < 8) fg += 8;
  const classes: string[] = [];
  // Inverse swaps the colours; an unset one swaps in as the theme's default colour.
  if (style.inverse) [fg, bg] = [bg ?? 'page-bg', fg ?? 'page-fg'];
  const paint = (value: AnsiColor | undefined, kind: 'fg' | 'bg'): string | undefined => {
    if (value === undefined) return undefined;
    if ((typeof value === 'number' && value < 16) || value === 'page-bg' || value === 'page-fg') {
      classes.push(`ansi-${kind}-${value}`);
      return undefined;
    }
    return typeof value === 'number' ? xtermColor(value) : value;
  };
  const color = paint(fg, 'fg');
  const background = paint(bg, 'bg');
  if (style.bold) classes.push('ansi-bold');
  if (style.dim) classes.push('ansi-dim');
  if (style.italic) classes.push('ansi-italic');
  if (style.underline) classes.push('ansi-underline');
  if (style.strike) classes.push('ansi-strike');
  return {
    classes,
    ...(color !== undefined ? { color } : {}),
    ...(background !== undefined ? { background } : {}),
  };
}
