/**
 * Player text as the game's `playerMarkup` setting allows it (REFERENCE.md §14):
 *
 * - `'none'` (the default): `neutralise` — the text shows exactly as typed, codes and all;
 * - `'colour'`: colour codes work (`|r`, `|[B`, `|500`, `|#ff8800`, `|=k`, `|!R`, `|h`, `|H`,
 *   `|u`, `|*`, `|n`), and nothing else does: links (`|lc…`), blink (`|^`) and the text codes
 *   (`|/` a line break, `|-`, `|_`, `|>`) show as typed, and everything `neutralise` removes —
 *   escape sequences, control characters, line breaks, invisible and bidi characters — is
 *   removed all the same. A `|n` closes text that used a code, so no colour of a player's
 *   reaches the game's words after it.
 *
 * The result is markup: store it, or glue it into game text, and render it like any other.
 */
import { stripAnsi } from './escapes.ts';
import { neutralise } from './neutralise.ts';
import { readCode } from './parse.ts';

export type PlayerMarkup = 'none' | 'colour';

export const PLAYER_MARKUP_MODES: readonly PlayerMarkup[] = ['none', 'colour'];

/** The token kinds a player may write in `'colour'` mode. */
const ALLOWED = new Set(['fg', 'bg', 'bright', 'underline', 'inverse', 'reset']);

/** Player-supplied text, made safe to show to others under `markup` (see above). */
export function playerText(text: string, markup: PlayerMarkup): string {
  return markup === 'colour' ? neutraliseExceptColour(text) : neutralise(text);
}

/** `'colour'` mode: the allowed codes kept as written, every other bar doubled. */
export function neutraliseExceptColour(playerText: string): string {
  // Escapes go first, as a whole, as neutralise does (so "[31m" is not left behind).
  const text = stripAnsi(playerText);
  const out: string[] = [];
  let styled = false;
  let from = 0;
  for (let bar = text.indexOf('|'); bar >= 0; bar = text.indexOf('|', from)) {
    // Between bars: neutralise's rules, with no bar to double.
    out.push(neutralise(text.slice(from, bar)));
    if (text[bar + 1] === '|') {
      out.push('||');
      from = bar + 2;
      continue;
    }
    const code = readCode(text, bar);
    if (code !== null && ALLOWED.has(code.token.kind)) {
      // A code's characters are letters, digits and `[ ! # =`: nothing neutralise would touch.
      out.push(text.slice(bar, bar + code.length));
      styled = true;
      from = bar + code.length;
    } else {
      out.push('||');
      from = bar + 1;
    }
  }
  out.push(neutralise(text.slice(from)));
  if (styled) out.push('|n');
  return out.join('');
}
