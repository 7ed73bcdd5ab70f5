/**
 * Values as builders type them to `set`: JSON (`{"a": [1, 2]}`), or the Python literals Evennia
 * builders are used to (`{'a': [1, 2]}`, `True`, `None`, `(1, 2)` for a list), or else plain
 * text. A small recursive-descent parser with a depth bound, so `[[[[…` cannot exhaust the
 * stack; the caller bounds the length.
 */
import type { AttributeValue } from '../../../storage/types.ts';

/** Deepest nesting a typed value may have. */
export const MAX_LITERAL_DEPTH = 32;

/** JSON when it parses, else a Python-style literal, else the text itself. */
export function parseValue(text: string): AttributeValue {
  try {
    return JSON.parse(text) as AttributeValue;
  } catch {
    const literal = parseLiteral(text);
    return literal === undefined ? text : literal;
  }
}

/** The literal `text` spells, or undefined when it is not one (whole text, nothing after). */
export function parseLiteral(text: string): AttributeValue | undefined {
  const parser = new LiteralParser(text);
  try {
    const value = parser.value(0);
    parser.skipSpace();
    return parser.atEnd ? value : undefined;
  } catch (err) {
    if (err instanceof NotALiteral) return undefined;
    throw err;
  }
}

class NotALiteral extends Error {}

const WORDS: ReadonlyMap<string, AttributeValue> = new Map<string, AttributeValue>([
  ['true', true],
  ['True', true],
  ['false', false],
  ['False', false],
  ['null', null],
  ['None', null],
]);

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const WORD = /^[A-Za-z_]\w*/;
const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
};

class LiteralParser {
  #at = 0;

  constructor(private readonly text: string) {}

  get atEnd(): boolean {
    return this.#at >= this.text.length;
  }

  skipSpace(): void {
    while (!this.atEnd && /\s/.test(this.text[this.#at] as string)) this.#at += 1;
  }

  value(depth: number): AttributeValue {
    if (depth > MAX_LITERAL_DEPTH) throw new NotALiteral();
    this.skipSpace();
    const c = this.text[this.#at];
    if (c === '[') return this.sequence(']', depth);
    if (c === '(') return this.sequence(')', depth);
    if (c === '{') return this.mapping(depth);
    if (c === '"' || c === "'") return this.string(c);
    const rest = this.text.slice(this.#at);
    const number = NUMBER.exec(rest);
    if (number !== null) {
      this.#at += number[0].length;
      const n = Number(number[0]);
      if (!Number.isFinite(n)) throw new NotALiteral();
      return n;
    }
    const word = WORD.exec(rest);
    if (word !== null && WORDS.has(word[0])) {
      this.#at += word[0].length;
      return WORDS.get(word[0]) as AttributeValue;
    }
    throw new NotALiteral();
  }

  /** `[a, b]` or `(a, b)`, a trailing comma allowed; both become a list. */
  private sequence(close: string, depth: number): AttributeValue[] {
    this.#at += 1;
    const items: AttributeValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.eat(close)) return items;
      items.push(this.value(depth + 1));
      this.skipSpace();
      if (this.eat(close)) return items;
      if (!this.eat(',')) throw new NotALiteral();
    }
  }

  /** `{key: value, …}`; keys are strings or numbers (a number key becomes its text). */
  private mapping(depth: number): { [key: string]: AttributeValue } {
    this.#at += 1;
    const out: { [key: string]: AttributeValue } = {};
    for (;;) {
      this.skipSpace();
      if (this.eat('}')) return out;
      const key = this.value(depth + 1);
      if (typeof key !== 'string' && typeof key !== 'number') throw new NotALiteral();
      this.skipSpace();
      if (!this.eat(':')) throw new NotALiteral();
      // A data property, so a key `__proto__` is an ordinary key and changes no prototype.
      Object.defineProperty(out, String(key), {
        value: this.value(depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipSpace();
      if (this.eat('}')) return out;
      if (!this.eat(',')) throw new NotALiteral();
    }
  }

  private string(quote: string): string {
    this.#at += 1;
    let out = '';
    while (!this.atEnd) {
      const c = this.text[this.#at] as string;
      this.#at += 1;
      if (c === quote) return out;
      if (c === '\\' && !this.atEnd) {
        const next = this.text[this.#at] as string;
        this.#at += 1;
        out += ESCAPES[next] ?? `\\${next}`;
      } else out += c;
    }
    throw new NotALiteral();
  }

  private eat(c: string): boolean {
    if (this.text[this.#at] !== c) return false;
    this.#at += 1;
    return true;
  }
}
