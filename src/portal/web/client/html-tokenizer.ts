/**
 * Game HTML into tokens, without a browser: text, start tags with their attributes, end tags.
 * The sanitiser (sanitize.ts) builds DOM nodes from these tokens itself, so markup the game
 * sends is never handed to a browser's HTML parser. That matters even for markup that is
 * thrown away at once: Chromium checks an `onclick="…"` attribute against the page's
 * Content-Security-Policy the moment it is parsed, in any document (a <template>, a
 * DOMParser document), and logs a CSP violation for handlers that nothing would ever run.
 *
 * The states follow the HTML Standard's tokenizer (§13.2.5) closely enough that a tag, an
 * attribute or raw text ends where a browser would end it; what the sanitiser does not need is
 * left out: comments, doctypes, CDATA and processing instructions are skipped, not reported,
 * and at the end of the input a half-written tag is dropped, as browsers drop it.
 * Character references are decoded in text and attribute values: numeric ones as the standard
 * says, named ones from a short table or the caller's `namedReference` lookup.
 * Pure: no DOM, so it is unit-tested in Node.
 */

export type HtmlToken =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'startTag';
      readonly name: string;
      /** Lower-case names; when a name repeats, the first value wins (as in browsers). */
      readonly attributes: ReadonlyMap<string, string>;
      readonly selfClosing: boolean;
    }
  | { readonly kind: 'endTag'; readonly name: string };

export interface TokenizeOptions {
  /** The text of a named reference the short table does not know (`hellip` → `…`), or null. */
  namedReference?: (name: string) => string | null;
}

type State =
  | 'data'
  | 'rawText'
  | 'tagOpen'
  | 'endTagOpen'
  | 'tagName'
  | 'beforeAttributeName'
  | 'attributeName'
  | 'afterAttributeName'
  | 'beforeAttributeValue'
  | 'attributeValueDoubleQuoted'
  | 'attributeValueSingleQuoted'
  | 'attributeValueUnquoted'
  | 'afterAttributeValueQuoted'
  | 'selfClosingStartTag'
  | 'markupDeclarationOpen'
  | 'comment'
  | 'bogusComment';

/** Elements whose content is text up to their own end tag (RCDATA, RAWTEXT, script data). */
const RAW_TEXT = new Set([
  'iframe',
  'noembed',
  'noframes',
  'noscript',
  'plaintext',
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
]);
/** Raw-text elements whose content still decodes character references (RCDATA). */
const ESCAPABLE_RAW_TEXT = new Set(['textarea', 'title']);

const NAMED_REFERENCES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
]);

/**
 * Numeric references to 0x80–0x9F mean the windows-1252 character there (HTML Standard,
 * "numeric character reference end state"); a space marks the five left as they are.
 */
const WINDOWS_1252 = '€ ‚ƒ„…†‡ˆ‰Š‹Œ Ž  ‘’“”•–—˜™š›œ žŸ';

const REFERENCE = /&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|([A-Za-z][A-Za-z0-9]{0,31});)/g;

function numericReference(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  if (code >= 0x80 && code <= 0x9f) {
    const mapped = WINDOWS_1252[code - 0x80];
    if (mapped !== undefined && mapped !== ' ') return mapped;
  }
  return String.fromCodePoint(code);
}

/** Decode `&amp;`, `&#39;`, `&#x2014;`, `&hellip;`; an unknown name stays as written. */
export function decodeReferences(text: string, options: TokenizeOptions = {}): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, hex?: string, decimal?: string, name?: string) => {
    // A very long number parses to more than 0x10FFFF (or Infinity): U+FFFD, as it should.
    if (hex !== undefined) return numericReference(parseInt(hex, 16));
    if (decimal !== undefined) return numericReference(parseInt(decimal, 10));
    return NAMED_REFERENCES.get(name!) ?? options.namedReference?.(name!) ?? whole;
  });
}

const isSpace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\f';
const isAsciiLetter = (ch: string): boolean => /^[A-Za-z]$/.test(ch);

/** Split game HTML into tokens (see the top of the file for what is left out). */
export function tokenizeHtml(html: string, options: TokenizeOptions = {}): HtmlToken[] {
  // The input stream's preprocessing: CR LF and lone CR are newlines; NUL is never content.
  const input = html.replace(/\r\n?/g, '\n').replaceAll('\0', '');
  const tokens: HtmlToken[] = [];
  let state: State = 'data';
  let text = '';
  /** The tag being read. */
  let tagKind: 'startTag' | 'endTag' = 'startTag';
  let tagName = '';
  let attributes = new Map<string, string>();
  let attributeName = '';
  let attributeValue = '';
  /** The raw-text element whose content is being read, e.g. `script`. */
  let rawTextOf = '';

  const flushText = (decode: boolean): void => {
    if (text === '') return;
    tokens.push({ kind: 'text', text: decode ? decodeReferences(text, options) : text });
    text = '';
  };
  const startTag = (kind: 'startTag' | 'endTag'): void => {
    tagKind = kind;
    tagName = '';
    attributes = new Map();
    attributeName = '';
  };
  const finishAttribute = (): void => {
    if (attributeName !== '' && !attributes.has(attributeName))
      attributes.set(attributeName, decodeReferences(attributeValue, options));
    attributeName = '';
    attributeValue = '';
  };
  /** Emit the tag just read; returns the state that reads what follows it. */
  const emitTag = (selfClosing: boolean): State => {
    finishAttribute();
    flushText(true);
    if (tagKind === 'endTag') {
      tokens.push({ kind: 'endTag', name: tagName });
      return 'data';
    }
    tokens.push({ kind: 'startTag', name: tagName, attributes, selfClosing });
    if (!RAW_TEXT.has(tagName)) return 'data';
    rawTextOf = tagName;
    return 'rawText';
  };

  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    switch (state) {
      case 'data': {
        const open = input.indexOf('<', i);
        text += input.slice(i, open === -1 ? input.length : open);
        if (open !== -1) state = 'tagOpen';
        i = open === -1 ? input.length : open + 1;
        break;
      }

      case 'rawText': {
        // Raw text ends only at its own end tag, `</script` followed by a space, / or >.
        const end = rawTextOf === 'plaintext' ? -1 : findRawTextEnd(input, i, rawTextOf);
        text += input.slice(i, end === -1 ? input.length : end);
        flushText(ESCAPABLE_RAW_TEXT.has(rawTextOf));
        if (end === -1) {
          i = input.length;
          break;
        }
        startTag('endTag');
        tagName = rawTextOf;
        state = 'tagName';
        i = end + 2 + rawTextOf.length;
        break;
      }

      case 'tagOpen':
        if (ch === '!') {
          state = 'markupDeclarationOpen';
          i++;
        } else if (ch === '/') {
          state = 'endTagOpen';
          i++;
        } else if (isAsciiLetter(ch)) {
          startTag('startTag');
          state = 'tagName';
        } else if (ch === '?') {
          state = 'bogusComment';
          i++;
        } else {
          text += '<'; // `a < b`: the < is text
          state = 'data';
        }
        break;

      case 'endTagOpen':
        if (isAsciiLetter(ch)) {
          startTag('endTag');
          state = 'tagName';
        } else if (ch === '>') {
          state = 'data'; // `</>` is nothing at all
          i++;
        } else {
          state = 'bogusComment';
        }
        break;

      case 'tagName':
        if (isSpace(ch)) state = 'beforeAttributeName';
        else if (ch === '/') state = 'selfClosingStartTag';
        else if (ch === '>') state = emitTag(false);
        else tagName += ch.toLowerCase();
        i++;
        break;

      case 'beforeAttributeName':
        if (isSpace(ch)) {
          i++;
        } else if (ch === '/' || ch === '>') {
          state = 'afterAttributeName';
        } else {
          // `=` here starts a name (`<b =x>` has an attribute named "=x"), as the standard says.
          finishAttribute();
          attributeName = ch.toLowerCase();
          state = 'attributeName';
          i++;
        }
        break;

      case 'attributeName':
        if (isSpace(ch) || ch === '/' || ch === '>') {
          state = 'afterAttributeName';
        } else if (ch === '=') {
          state = 'beforeAttributeValue';
          i++;
        } else {
          attributeName += ch.toLowerCase();
          i++;
        }
        break;

      case 'afterAttributeName':
        if (isSpace(ch)) {
          i++;
        } else if (ch === '/') {
          state = 'selfClosingStartTag';
          i++;
        } else if (ch === '=') {
          state = 'beforeAttributeValue';
          i++;
        } else if (ch === '>') {
          state = emitTag(false);
          i++;
        } else {
          finishAttribute();
          attributeName = ch.toLowerCase();
          state = 'attributeName';
          i++;
        }
        break;

      case 'beforeAttributeValue':
        if (isSpace(ch)) {
          i++;
        } else if (ch === '"') {
          state = 'attributeValueDoubleQuoted';
          i++;
        } else if (ch === "'") {
          state = 'attributeValueSingleQuoted';
          i++;
        } else if (ch === '>') {
          state = emitTag(false); // `<b class=>`: an empty value
          i++;
        } else {
          state = 'attributeValueUnquoted';
        }
        break;

      case 'attributeValueDoubleQuoted':
      case 'attributeValueSingleQuoted': {
        const quote = state === 'attributeValueDoubleQuoted' ? '"' : "'";
        const end = input.indexOf(quote, i);
        attributeValue += input.slice(i, end === -1 ? input.length : end);
        i = end === -1 ? input.length : end + 1;
        state = 'afterAttributeValueQuoted';
        break;
      }

      case 'attributeValueUnquoted':
        if (isSpace(ch)) {
          finishAttribute();
          state = 'beforeAttributeName';
        } else if (ch === '>') {
          state = emitTag(false);
        } else {
          attributeValue += ch;
        }
        i++;
        break;

      case 'afterAttributeValueQuoted':
        finishAttribute();
        if (isSpace(ch)) {
          state = 'beforeAttributeName';
          i++;
        } else if (ch === '/') {
          state = 'selfClosingStartTag';
          i++;
        } else if (ch === '>') {
          state = emitTag(false);
          i++;
        } else {
          state = 'beforeAttributeName'; // `<b a="1"c="2">`: a missing space
        }
        break;

      case 'selfClosingStartTag':
        if (ch === '>') {
          state = emitTag(true);
          i++;
        } else {
          state = 'beforeAttributeName';
        }
        break;

      case 'markupDeclarationOpen':
        if (input.startsWith('--', i)) {
          state = 'comment';
          i += 2;
        } else {
          state = 'bogusComment'; // <!doctype …>, <![CDATA[…]]> and the like, up to the next >
        }
        break;

      case 'comment': {
        // `<!-->` and `<!--->` are whole (empty) comments; otherwise up to --> or --!>.
        if (input.startsWith('>', i) || input.startsWith('->', i)) {
          i = input.indexOf('>', i) + 1;
          state = 'data';
          break;
        }
        const close = /--!?>/g;
        close.lastIndex = i;
        const found = close.exec(input);
        i = found === null ? input.length : found.index + found[0].length;
        state = 'data';
        break;
      }

      case 'bogusComment': {
        const end = input.indexOf('>', i);
        i = end === -1 ? input.length : end + 1;
        state = 'data';
        break;
      }

      default: {
        const never: never = state;
        throw new Error(`html tokenizer: unknown state ${String(never)}`);
      }
    }
  }

  // The end of the input: a lone `<` or `</` is text; a half-written tag or comment is dropped.
  if (state === 'tagOpen') text += '<';
  else if (state === 'endTagOpen') text += '</';
  flushText(state !== 'rawText' || ESCAPABLE_RAW_TEXT.has(rawTextOf));
  return tokens;
}

/** Where `</name` followed by a space, / or > starts, from `from` on; -1 when it never does. */
function findRawTextEnd(input: string, from: number, name: string): number {
  // ASCII case-insensitive: without the `u` flag, `i` folds no other letter into a–z.
  const end = new RegExp(`</${name}(?=[\\t\\n\\f />]|$)`, 'gi');
  end.lastIndex = from;
  return end.exec(input)?.index ?? -1;
}
