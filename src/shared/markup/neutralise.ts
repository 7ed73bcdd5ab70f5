/**
 * Making player-supplied text safe to show to other players (REFERENCE.md §14): names, says,
 * poses, descriptions, channel lines. The Server calls `neutralise` where such text enters
 * shared output, so another player sees exactly the characters typed and nothing else:
 *
 * - markup loses its meaning: every `|` becomes `||`, which renders as one bar;
 * - terminal escape sequences (colour, cursor, window title, OSC 8 links, MXP's `ESC[n z`
 *   line modes) and C1 controls (NEL among them) are removed, see `stripAnsi`;
 * - line breaks (CR, LF, VT, FF, U+2028, U+2029) and tabs become one space each (CRLF one
 *   space), so a say cannot start a line that looks like the game talking;
 * - other C0 controls and DEL are removed (BEL, BS to overwrite what came before, NUL…);
 * - invisible format characters are removed: bidi embeddings, overrides and isolates, which
 *   reorder what follows ("Trojan Source"), and zero-width characters, which make two names
 *   that look alike differ (or hide text);
 * - a lone UTF-16 surrogate, which no encoder can send, becomes U+FFFD.
 *
 * Everything else is kept, letters of every script, emoji and `ÿ` (U+00FF) included: IAC
 * doubling is the telnet layer's job, on bytes. The result is at most twice as long as the input.
 * It is safe inside well-formed markup; glued after a dangling bar (`"…|" + text`) the first
 * character would complete the game's own code, so game text must not end in a lone bar.
 */
import { stripAnsi } from './escapes.ts';

/** Characters removed: invisible, or able to reorder or disguise the text around them. */
function isInvisibleFormat(c: number): boolean {
  return (
    c === 0x00ad || // soft hyphen
    c === 0x061c || // Arabic letter mark (bidi)
    c === 0x180e || // Mongolian vowel separator
    (c >= 0x200b && c <= 0x200f) || // zero-width space, non-joiner, joiner; LRM, RLM
    (c >= 0x202a && c <= 0x202e) || // bidi embeddings and overrides
    (c >= 0x2060 && c <= 0x206f) || // word joiner, invisible operators, bidi isolates…
    c === 0xfeff || // zero-width no-break space (BOM)
    (c >= 0xfff9 && c <= 0xfffb) // interlinear annotation controls
  );
}

function isLineBreak(c: number): boolean {
  return (c >= 0x0a && c <= 0x0d) || c === 0x2028 || c === 0x2029;
}

/** Player text, made safe to show to others: see the module comment for what that means. */
export function neutralise(playerText: string): string {
  // Escapes go first, as a whole: removing ESC alone would leave "[31m" behind.
  const text = stripAnsi(playerText);
  const parts: string[] = [];
  let runStart = 0;
  const replace = (at: number, width: number, by: string): void => {
    if (at > runStart) parts.push(text.slice(runStart, at));
    if (by !== '') parts.push(by);
    runStart = at + width;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7c) {
      replace(i, 1, '||');
    } else if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
      replace(i, 2, ' ');
      i++;
    } else if (isLineBreak(c) || c === 0x09) {
      replace(i, 1, ' ');
    } else if (c < 0x20 || c === 0x7f) {
      replace(i, 1, '');
    } else if (isInvisibleFormat(c)) {
      replace(i, 1, '');
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff)
        i++; // a proper pair: keep it
      else replace(i, 1, '\ufffd');
    }
  }
  if (runStart === 0) return text;
  if (runStart < text.length) parts.push(text.slice(runStart));
  return parts.join('');
}
