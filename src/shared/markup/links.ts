/**
 * Clickable links, Evennia's `|lc<command>|lt<text>|le`: the second pass of the parser, which
 * pairs the `|lc`, `|lt` and `|le` marks the first pass found (at real code boundaries, so
 * `||lc` is never one) into `linkStart … linkEnd` tokens.
 *
 * A link is made only when all three come in order. The command is the visible text between
 * `|lc` and `|lt` (codes there are dropped, `||` is a bar), trimmed; it may not be empty or
 * hold a line break. The link text is everything up to the first `|le` and may be coloured; an
 * empty one shows the command. Links do not nest: `|lc` or `|lt` inside a link's text is text.
 * A mark that pairs with nothing stays in the text as written, so `|lc` alone reads `|lc`.
 *
 * One pass, each token looked at once: a `|lc` that fails gives back what it held, which holds
 * no marks (a second `|lc` restarts the command, `|lt` and `|le` end it), so nothing is read
 * twice; reaching the end inside a link means no later mark could complete one either.
 */
import { stripAnsi } from './escapes.ts';
import type { LinkMark, MarkupToken } from './tokens.ts';

const MARK_SOURCE = { lc: '|lc', lt: '|lt', le: '|le' } as const;

/** C0 controls and DEL: a command is one line of input, as a player would type it. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f]/g;

/** Appends, merging adjacent text into one token. */
function push(out: MarkupToken[], token: MarkupToken): void {
  const last = out[out.length - 1];
  if (token.kind === 'text' && last?.kind === 'text') {
    out[out.length - 1] = { kind: 'text', text: last.text + token.text };
  } else if (token.kind !== 'text' || token.text !== '') {
    out.push(token);
  }
}

function markText(mark: LinkMark): MarkupToken {
  return { kind: 'text', text: MARK_SOURCE[mark.which] };
}

/** The command a link sends, or null when the text between `|lc` and `|lt` cannot be one. */
function linkCommand(visible: string): string | null {
  if (/[\r\n]/.test(visible)) return null;
  const command = stripAnsi(visible).replace(CONTROLS, '').trim();
  return command === '' ? null : command;
}

/** Pairs the link marks of the first pass; unpaired marks become their text again. */
export function pairLinks(tokens: ReadonlyArray<MarkupToken | LinkMark>): MarkupToken[] {
  const out: MarkupToken[] = [];
  let state: 'outside' | 'command' | 'label' = 'outside';
  /** What followed the open `|lc`: the command's tokens, given back as they were on failure. */
  let held: MarkupToken[] = [];
  let visible = '';
  let command = '';
  /** The link text's tokens, once `|lt` came. */
  let label: MarkupToken[] = [];
  let labelHasText = false;

  /** A `|lc` that makes no link: it and what it held go out as they were. */
  const giveBack = (withLabel: boolean): void => {
    push(out, markText({ kind: 'mark', which: 'lc' }));
    for (const t of held) push(out, t);
    if (withLabel) {
      push(out, markText({ kind: 'mark', which: 'lt' }));
      for (const t of label) push(out, t);
    }
  };

  for (const token of tokens) {
    if (state === 'outside') {
      if (token.kind !== 'mark') push(out, token);
      else if (token.which !== 'lc') push(out, markText(token));
      else [state, held, visible] = ['command', [], ''];
      continue;
    }
    if (state === 'command') {
      if (token.kind !== 'mark') {
        held.push(token);
        if (token.kind === 'text') visible += token.text;
        continue;
      }
      const wanted = token.which === 'lt' ? linkCommand(visible) : null;
      if (wanted !== null) {
        [state, command, label, labelHasText] = ['label', wanted, [], false];
        continue;
      }
      giveBack(false);
      if (token.which === 'lc') {
        // A second `|lc` before any `|lt`: the first was text, this one may start a link.
        [held, visible] = [[], ''];
        continue;
      }
      push(out, markText(token));
      state = 'outside';
      continue;
    }
    // In a link's text.
    if (token.kind === 'mark' && token.which === 'le') {
      push(out, { kind: 'linkStart', command });
      for (const t of label) push(out, t);
      if (!labelHasText) push(out, { kind: 'text', text: command });
      push(out, { kind: 'linkEnd' });
      state = 'outside';
      continue;
    }
    const t = token.kind === 'mark' ? markText(token) : token;
    if (t.kind === 'text' && t.text !== '') labelHasText = true;
    label.push(t);
  }
  if (state !== 'outside') giveBack(state === 'label');
  return out;
}
