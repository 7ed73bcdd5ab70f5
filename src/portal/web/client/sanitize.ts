/// <reference lib="dom" />
/**
 * Game HTML into safe DOM. The Portal escapes player text and the Server's markup renderer
 * makes the tags, so this is a second line of defence, not the first. The HTML is split into
 * tokens by our own tokenizer (html-tokenizer.ts) and the nodes are built from those tokens
 * here, so untrusted markup never reaches a browser's HTML parser: an element or attribute
 * that is not on the allow-list is never created at all, not created and then removed (a
 * parsed `onclick` is checked against the page's CSP at once, and logged as a violation).
 *
 * Allowed elements are built; unknown ones are unwrapped (their text stays); dangerous ones
 * are left out with their content. Only `class`, `title`, a few style properties, safe link
 * targets and `data-command` are set as attributes. ANSI escapes in the text become styled
 * spans. A few of the HTML parser's implied end tags are applied (a new `<li>` ends the open
 * one, a `<td>` the open cell, a block the open `<p>`), so sloppy lists and tables nest as a
 * browser would nest them; nesting deeper than MAX_DEPTH unwraps the extra elements.
 */
import { hasEscape, isPlain, parseAnsi, styleToCss, type AnsiStyle } from './ansi.ts';
import { tokenizeHtml, type HtmlToken } from './html-tokenizer.ts';

const KEEP = new Set([
  'a',
  'b',
  'blockquote',
  'br',
  'code',
  'div',
  'em',
  'hr',
  'i',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
]);
/** Left out with everything inside them. */
const DROP = new Set([
  'audio',
  'base',
  'button',
  'embed',
  'form',
  'frame',
  'frameset',
  'iframe',
  'img',
  'input',
  'link',
  'math',
  'meta',
  'noembed',
  'noframes',
  'noscript',
  'object',
  'plaintext',
  'script',
  'select',
  'style',
  'svg',
  'template',
  'textarea',
  'title',
  'video',
  'xmp',
]);
/** Elements without content or end tag (HTML Standard §13.1.2). */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
/**
 * Implied end tags: opening the key closes an open element in `closes`, unless an element in
 * `stopAt` is open inside it (a `<li>` in a nested list does not close the outer item).
 */
const IMPLIED_END: ReadonlyMap<string, { closes: Set<string>; stopAt: Set<string> }> = (() => {
  const list = { closes: new Set(['li']), stopAt: new Set(['ul', 'ol']) };
  const cell = { closes: new Set(['td', 'th']), stopAt: new Set(['tr', 'table']) };
  const row = { closes: new Set(['tr']), stopAt: new Set(['table', 'tbody', 'thead']) };
  const section = { closes: new Set(['tbody', 'thead']), stopAt: new Set(['table']) };
  const paragraph = { closes: new Set(['p']), stopAt: new Set(['table', 'td', 'th']) };
  return new Map([
    ['li', list],
    ['td', cell],
    ['th', cell],
    ['tr', row],
    ['tbody', section],
    ['thead', section],
    ...['blockquote', 'div', 'hr', 'ol', 'p', 'pre', 'table', 'ul'].map(
      (name) => [name, paragraph] as const,
    ),
  ]);
})();
/** Open elements kept at most; deeper ones are unwrapped. */
const MAX_DEPTH = 64;
const STYLE_PROPERTIES = new Set([
  'color',
  'background-color',
  'font-weight',
  'font-style',
  'text-decoration',
]);
const CLASS_NAME = /^[\w-]+$/;
const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** An allowed element, made in the page's document with the allowed attributes only. */
function makeElement(name: string, attributes: ReadonlyMap<string, string>): HTMLElement {
  const el = document.createElement(name);
  const classes = (attributes.get('class') ?? '').split(/\s+/).filter((c) => CLASS_NAME.test(c));
  if (classes.length > 0) el.className = classes.join(' ');
  const title = attributes.get('title');
  if (title !== undefined) el.title = title;
  const style = attributes.get('style');
  if (style !== undefined) copyStyle(style, el.style);
  const command = attributes.get('data-command');
  const href = name === 'a' ? attributes.get('href') : undefined;
  if (command !== undefined) {
    // A clickable command link, e.g. <a data-command="look north">north</a> (MXP-style).
    el.dataset['command'] = command;
    if (name === 'a') el.setAttribute('href', '#');
  } else if (href !== undefined) {
    let url: URL | null;
    try {
      url = new URL(href, location.href);
    } catch {
      url = null; // not a URL at all: the link loses its href
    }
    if (url !== null && LINK_PROTOCOLS.has(url.protocol)) {
      el.setAttribute('href', url.href);
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  }
  return el;
}

/**
 * The allowed properties of a `style` attribute, set through the CSSOM, which drops a value
 * it cannot parse. Values that could load something or hide one (`url(`, CSS escapes) are
 * refused before that; none of the allowed properties takes one.
 */
function copyStyle(declarations: string, style: CSSStyleDeclaration): void {
  for (const declaration of declarations.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon === -1) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (!STYLE_PROPERTIES.has(property) || value === '') continue;
    if (/url\(|expression\(|image-set\(|\\|\/\*/i.test(value)) continue;
    style.setProperty(property, value);
  }
}

/** Text appended to `parent`, with ANSI escapes as styled spans and decorations stripped if asked. */
function appendText(parent: Node, text: string, ansi: AnsiStyle, strip: RegExp | null): void {
  if (!hasEscape(text) && isPlain(ansi)) {
    const plain = strip === null ? text : text.replace(strip, '');
    if (plain !== '') parent.appendChild(document.createTextNode(plain));
    return;
  }
  for (const run of parseAnsi(text, ansi)) {
    const chunk = strip === null ? run.text : run.text.replace(strip, '');
    if (chunk === '') continue;
    if (isPlain(run.style)) {
      parent.appendChild(document.createTextNode(chunk));
      continue;
    }
    const span = document.createElement('span');
    const css = styleToCss(run.style);
    if (css.classes.length > 0) span.className = css.classes.join(' ');
    if (css.color !== undefined) span.style.color = css.color;
    if (css.background !== undefined) span.style.backgroundColor = css.background;
    span.textContent = chunk;
    parent.appendChild(span);
  }
}

/** The full text of `&name;` from the browser's own table (the input holds no tag to parse). */
const namedReferences = new Map<string, string | null>();
function namedReference(name: string): string | null {
  let text = namedReferences.get(name);
  if (text === undefined) {
    const decoded = new DOMParser().parseFromString(`&${name};`, 'text/html').body.textContent;
    text = decoded === `&${name};` ? null : decoded;
    if (namedReferences.size < 256) namedReferences.set(name, text);
  }
  return text;
}

/** Builds the allowed DOM from tokens: a stack of the open elements, innermost last. */
class FragmentBuilder {
  readonly fragment = document.createDocumentFragment();
  private readonly open: { name: string; el: HTMLElement }[] = [];
  /** Inside a dropped element: its name and how many of it are open. */
  private dropping: { name: string; depth: number } | null = null;
  /** Just after `<pre>`: its first newline is not content (HTML Standard, "in body"). */
  private afterPre = false;

  constructor(
    private readonly ansi: AnsiStyle,
    private readonly strip: RegExp | null,
  ) {}

  add(token: HtmlToken): void {
    const afterPre = this.afterPre;
    this.afterPre = false;
    if (this.dropping !== null) {
      this.skip(token, this.dropping);
      return;
    }
    switch (token.kind) {
      case 'text': {
        const text = afterPre && token.text.startsWith('\n') ? token.text.slice(1) : token.text;
        appendText(this.parent(), text, this.ansi, this.strip);
        break;
      }
      case 'startTag':
        this.start(token.name, token.attributes);
        break;
      case 'endTag':
        // `</br>` is read as `<br>` by browsers too.
        if (token.name === 'br') this.start('br', new Map());
        else this.end(token.name);
        break;
      default: {
        const never: never = token;
        throw new Error(`sanitize: unknown token ${JSON.stringify(never)}`);
      }
    }
  }

  private parent(): Node {
    return this.open.at(-1)?.el ?? this.fragment;
  }

  private start(name: string, attributes: ReadonlyMap<string, string>): void {
    if (DROP.has(name)) {
      if (!VOID.has(name)) this.dropping = { name, depth: 1 };
      return;
    }
    if (!KEEP.has(name)) return; // unwrapped: its content goes on into the parent
    const implied = IMPLIED_END.get(name);
    if (implied !== undefined) this.closeImplied(implied.closes, implied.stopAt);
    if (!VOID.has(name) && this.open.length >= MAX_DEPTH) return;
    const el = makeElement(name, attributes);
    this.parent().appendChild(el);
    if (VOID.has(name)) return;
    this.open.push({ name, el });
    this.afterPre = name === 'pre';
  }

  /** Close the innermost open element of that name, and every element inside it. */
  private end(name: string): void {
    for (let i = this.open.length - 1; i >= 0; i--) {
      if (this.open[i]!.name === name) {
        this.open.length = i;
        return;
      }
    }
    // An end tag with nothing open to close (or an unwrapped element's) is ignored.
  }

  private closeImplied(closes: Set<string>, stopAt: Set<string>): void {
    for (let i = this.open.length - 1; i >= 0; i--) {
      const name = this.open[i]!.name;
      if (closes.has(name)) {
        this.open.length = i;
        return;
      }
      if (stopAt.has(name)) return;
    }
  }

  private skip(token: HtmlToken, dropping: { name: string; depth: number }): void {
    if (token.kind === 'startTag' && token.name === dropping.name) dropping.depth++;
    if (token.kind === 'endTag' && token.name === dropping.name && --dropping.depth === 0)
      this.dropping = null;
  }
}

/**
 * Game HTML as a fragment of the page's document that is safe to insert. `ansi` is the running
 * ANSI style (updated in place); `strip`, in screen-reader mode, removes decorative runs of
 * symbols.
 */
export function renderGameHtml(
  html: string,
  ansi: AnsiStyle,
  strip: RegExp | null,
): DocumentFragment {
  const builder = new FragmentBuilder(ansi, strip);
  for (const token of tokenizeHtml(html, { namedReference })) builder.add(token);
  return builder.fragment;
}
