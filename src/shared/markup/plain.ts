/**
 * Markup to plain text: what a client without colour sees (`NOCOLOR`, screen readers, clients
 * that never asked for ANSI), and the visible text of any rendering. Codes vanish, the text
 * codes become their characters (`||` a bar, `|/` a newline), and raw escape sequences in the
 * source are removed as every renderer removes them.
 */
import { stripAnsi } from './escapes.ts';
import { parseMarkup } from './parse.ts';

/** The visible text of some markup, without colour codes or escape sequences. */
export function stripMarkup(text: string): string {
  if (!text.includes('|')) return stripAnsi(text);
  let out = '';
  for (const token of parseMarkup(text)) {
    if (token.kind === 'text') out += stripAnsi(token.text);
  }
  return out;
}
