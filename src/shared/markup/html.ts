/**
 * Markup to HTML for the webclient. Text is escaped (`& < > " '`), newlines become `<br>`,
 * carriage returns are dropped (an HTML parser would turn a lone CR into a second line break),
 * and styled text sits in flat `<span>`s that never nest and are closed before every `<br>` and
 * at the end, so the output is well-formed on its own and line by line.
 *
 * The sixteen ANSI colours and the attributes are classes the webclient's stylesheet defines
 * (`ansi-fg-0`…`ansi-fg-15`, `ansi-bg-*`, `ansi-bold`, `ansi-underline`, `ansi-blink`), so they
 * follow its theme; xterm-256 and true colours are inline `color`/`background-color` styles,
 * the properties its sanitizer keeps. A lower-case colour is the bright one (`|r` is
 * `ansi-fg-9 ansi-bold`), as the webclient draws ANSI `ESC[1;31m`. Inverse swaps the colours,
 * an unset one standing in as the page's own (`ansi-fg-page-bg`, `ansi-bg-page-fg`).
 *
 * A link (`|lc<command>|lt<text>|le`) is `<a data-command="command">`, which the webclient
 * turns into a link that sends the command (portal/web/README.md); its spans sit inside it, and
 * like them it is closed before every `<br>` and opened again after.
 */
import { stripAnsi } from './escapes.ts';
import { rgbToHex, xtermToRgb } from './palette.ts';
import { parseMarkup, type Colour } from './parse.ts';
import { applyToken, PLAIN_STYLE, type TextStyle } from './style.ts';

const HTML_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&#39;'],
]);

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES.get(ch) ?? ch);
}

/** One side's colour: a themed class name part, or an inline CSS colour. */
type Paint = { readonly cls: string } | { readonly css: string };

function paint(colour: Colour | null, bright: boolean): Paint | null {
  if (colour === null) return null;
  switch (colour.kind) {
    case 'ansi':
      return { cls: String(bright ? colour.index + 8 : colour.index) };
    case 'xterm':
      return { css: rgbToHex(xtermToRgb(colour.index)) };
    case 'rgb':
      return { css: rgbToHex(colour.rgb) };
  }
}

/** The opening tag that draws a style, or `''` for unstyled text. */
export function spanFor(style: TextStyle): string {
  // Intensity brightens the eight basic foreground colours only; backgrounds stay as named.
  let fg = paint(style.fg, style.bright);
  let bg = paint(style.bg, false);
  if (style.inverse) [fg, bg] = [bg ?? { cls: 'page-bg' }, fg ?? { cls: 'page-fg' }];
  const classes: string[] = [];
  const css: string[] = [];
  if (fg !== null) {
    if ('cls' in fg) classes.push(`ansi-fg-${fg.cls}`);
    else css.push(`color:${fg.css}`);
  }
  if (bg !== null) {
    if ('cls' in bg) classes.push(`ansi-bg-${bg.cls}`);
    else css.push(`background-color:${bg.css}`);
  }
  if (style.bright) classes.push('ansi-bold');
  if (style.underline) classes.push('ansi-underline');
  if (style.blink) classes.push('ansi-blink');
  if (classes.length === 0 && css.length === 0) return '';
  const classAttr = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
  const styleAttr = css.length > 0 ? ` style="${css.join(';')}"` : '';
  return `<span${classAttr}${styleAttr}>`;
}

/** Render markup as an HTML fragment for the webclient. */
export function renderHtml(text: string): string {
  const out: string[] = [];
  let style = PLAIN_STYLE;
  /** The span now open, `''` when none is. */
  let open = '';
  /** The command of the link the text is in, and whether its `<a>` is open on this line. */
  let link: string | null = null;
  let linkOpen = false;
  const close = (): void => {
    if (open !== '') out.push('</span>');
    open = '';
  };
  const closeLink = (): void => {
    close();
    if (linkOpen) out.push('</a>');
    linkOpen = false;
  };
  const write = (chunk: string): void => {
    if (chunk === '') return;
    if (link !== null && !linkOpen) {
      close();
      out.push(`<a data-command="${escapeHtml(link)}">`);
      linkOpen = true;
    }
    const wanted = spanFor(style);
    if (wanted !== open) {
      close();
      if (wanted !== '') out.push(wanted);
      open = wanted;
    }
    out.push(escapeHtml(chunk));
  };
  for (const token of parseMarkup(text)) {
    if (token.kind === 'linkStart') {
      link = token.command;
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
    const lines = stripAnsi(token.text).replaceAll('\r', '').split('\n');
    lines.forEach((line, index) => {
      if (index > 0) {
        closeLink();
        out.push('<br>');
      }
      write(line);
    });
  }
  closeLink();
  return out.join('');
}
