/// <reference lib="dom" />
/**
 * Game HTML into safe DOM. The Portal escapes player text and the Server's markup renderer
 * makes the tags, so this is a second line of defence, not the first: the HTML is parsed in an
 * inert <template> (no scripts run, nothing loads), then every element is checked against a
 * short allow-list. Unknown elements are unwrapped (their text stays), dangerous ones removed
 * with their content; only `class`, `title`, a few style properties, safe link targets and
 * `data-command` survive as attributes. ANSI escapes in the text become styled spans.
 */
import { hasEscape, isPlain, parseAnsi, styleToCss, type AnsiStyle } from './ansi.ts';

const KEEP = new Set([
  'A',
  'B',
  'BLOCKQUOTE',
  'BR',
  'CODE',
  'DIV',
  'EM',
  'HR',
  'I',
  'LI',
  'OL',
  'P',
  'PRE',
  'S',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TABLE',
  'TBODY',
  'TD',
  'TH',
  'THEAD',
  'TR',
  'U',
  'UL',
]);
const DROP = new Set([
  'AUDIO',
  'BASE',
  'BUTTON',
  'EMBED',
  'FORM',
  'FRAME',
  'FRAMESET',
  'IFRAME',
  'IMG',
  'INPUT',
  'LINK',
  'MATH',
  'META',
  'NOSCRIPT',
  'OBJECT',
  'SCRIPT',
  'SELECT',
  'STYLE',
  'SVG',
  'TEMPLATE',
  'TEXTAREA',
  'VIDEO',
]);
const STYLE_PROPERTIES = [
  'color',
  'background-color',
  'font-weight',
  'font-style',
  'text-decoration',
];
const CLASS_NAME = /^[\w-]+$/;

function cleanElement(el: Element): void {
  const href = el.tagName === 'A' ? el.getAttribute('href') : null;
  const command = el.getAttribute('data-command');
  const classes = (el.getAttribute('class') ?? '').split(/\s+/).filter((c) => CLASS_NAME.test(c));
  const title = el.getAttribute('title');
  const style = (el as HTMLElement).style;
  const kept = STYLE_PROPERTIES.map((p) => [p, style?.getPropertyValue(p) ?? ''] as const).filter(
    ([, v]) => v !== '' && !/url\(|expression\(/i.test(v),
  );
  for (const attr of Array.from(el.attributes)) el.removeAttribute(attr.name);
  if (classes.length > 0) el.setAttribute('class', classes.join(' '));
  if (title !== null) el.setAttribute('title', title);
  for (const [p, v] of kept) (el as HTMLElement).style.setProperty(p, v);
  if (command !== null) {
    // A clickable command link, e.g. <a data-command="look north">north</a> (MXP-style).
    el.setAttribute('data-command', command);
    if (el.tagName === 'A') el.setAttribute('href', '#');
  } else if (href !== null) {
    let url: URL | null;
    try {
      url = new URL(href, location.href);
    } catch {
      url = null; // not a URL at all: the link loses its href
    }
    if (url !== null && ['http:', 'https:', 'mailto:'].includes(url.protocol)) {
      el.setAttribute('href', url.href);
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  }
}

function walk(parent: Node, ansi: AnsiStyle, strip: RegExp | null): void {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) {
      colourText(node as Text, ansi, strip);
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const el = node as Element;
      const tag = el.localName.toUpperCase(); // SVG/MathML tag names keep their own case
      if (DROP.has(tag)) {
        el.remove();
        continue;
      }
      walk(el, ansi, strip);
      if (KEEP.has(tag) && el.namespaceURI === 'http://www.w3.org/1999/xhtml') {
        cleanElement(el);
      } else {
        el.replaceWith(...Array.from(el.childNodes));
      }
    } else {
      (node as ChildNode).remove(); // comments, processing instructions
    }
  }
}

/** Replace a text node holding ANSI escapes by styled spans; strip decorations if asked. */
function colourText(node: Text, ansi: AnsiStyle, strip: RegExp | null): void {
  const text = node.data;
  if (!hasEscape(text) && isPlain(ansi)) {
    if (strip !== null) node.data = text.replace(strip, '');
    return;
  }
  const parts: Node[] = [];
  for (const run of parseAnsi(text, ansi)) {
    const chunk = strip === null ? run.text : run.text.replace(strip, '');
    if (chunk === '') continue;
    if (isPlain(run.style)) {
      parts.push(document.createTextNode(chunk));
      continue;
    }
    const span = document.createElement('span');
    const css = styleToCss(run.style);
    if (css.classes.length > 0) span.className = css.classes.join(' ');
    if (css.color !== undefined) span.style.color = css.color;
    if (css.background !== undefined) span.style.backgroundColor = css.background;
    span.textContent = chunk;
    parts.push(span);
  }
  node.replaceWith(...parts);
}

/**
 * Parse game HTML into a fragment that is safe to insert. `ansi` is the running ANSI style
 * (updated in place); `strip`, in screen-reader mode, removes decorative runs of symbols.
 */
export function renderGameHtml(
  html: string,
  ansi: AnsiStyle,
  strip: RegExp | null,
): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  const fragment = template.content;
  walk(fragment, ansi, strip);
  return document.importNode(fragment, true);
}
