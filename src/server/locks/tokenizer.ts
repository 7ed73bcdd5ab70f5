/**
 * Splits one lock expression (the part after `access_type:`) into tokens. Words are runs of
 * anything but spaces, quotes and `(),=`, so arguments such as `#5` or `Builder` need no
 * quoting; quoted strings ('…' or "…", backslash escapes the quote) carry spaces and
 * punctuation. `and`, `or`, `not` are ordinary words here: the parser decides where they are
 * operators.
 */
import { WaystoneError } from '../../shared/errors.ts';

export type LockToken =
  | { readonly kind: '(' | ')' | ',' | '='; readonly pos: number }
  | { readonly kind: 'word' | 'string'; readonly text: string; readonly pos: number };

const PUNCTUATION = new Set(['(', ')', ',', '=']);
const WORD_END = /[\s()=,'"]/;

/** Tokenize `expr`; `source` is the whole lock string, quoted in error messages. */
export function tokenizeLockExpression(expr: string, source: string = expr): LockToken[] {
  const tokens: LockToken[] = [];
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: ch as '(' | ')' | ',' | '=', pos: i });
      i += 1;
    } else if (ch === "'" || ch === '"') {
      const start = i;
      let text = '';
      i += 1;
      for (;;) {
        if (i >= expr.length) {
          throw new WaystoneError(
            'LOCK_INVALID',
            `Lock '${source}': unterminated quoted string at ${start}.`,
          );
        }
        const c = expr[i] as string;
        if (c === '\\' && i + 1 < expr.length) {
          text += expr[i + 1];
          i += 2;
        } else if (c === ch) {
          i += 1;
          break;
        } else {
          text += c;
          i += 1;
        }
      }
      tokens.push({ kind: 'string', text, pos: start });
    } else {
      const start = i;
      while (i < expr.length && !WORD_END.test(expr[i] as string)) i += 1;
      tokens.push({ kind: 'word', text: expr.slice(start, i), pos: start });
    }
  }
  return tokens;
}
