/**
 * Nick templates (Evennia's `nick`): a pattern the player types and what it stands for.
 *
 *   nick l = look                      `l` → `look`, and `l me` → `look me` (a nick without
 *                                      markers stands for the first word(s) of a line)
 *   nick ppp $1 $2 = page $1 = $2      `ppp bob hi there` → `page bob = hi there`
 *
 * `$1`…`$9` capture text (each at least one character; the last takes the rest of the line);
 * words between them must be typed as written (any case, any amount of space between them).
 * Pattern and replacement must use the same markers, each once in the pattern (Evennia asks
 * the same). Pure functions; compiled templates are cached by the nick handler.
 */
import { WaystoneError } from '../../shared/errors.ts';

export interface NickTemplate {
  readonly pattern: string;
  readonly replacement: string;
  /** Whole-line matcher; groups are the markers in pattern order. */
  readonly regex: RegExp;
  /** Marker numbers in the order they appear in the pattern. */
  readonly markers: readonly number[];
}

const MARKER = /\$([1-9])/g;

function markersOf(text: string): number[] {
  return [...text.matchAll(MARKER)].map((m) => Number(m[1]));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Checks and compiles a nick; NICK_INVALID saying what is wrong. */
export function compileNick(pattern: string, replacement: string): NickTemplate {
  const p = pattern.trim();
  const r = replacement.trim();
  if (p === '') throw new WaystoneError('NICK_INVALID', 'A nick needs something to match.');
  if (r === '') throw new WaystoneError('NICK_INVALID', 'A nick needs a replacement.');
  const markers = markersOf(p);
  if (new Set(markers).size !== markers.length)
    throw new WaystoneError('NICK_INVALID', 'Each $-marker may appear once in the nick.');
  const wanted = [...new Set(markersOf(r))].sort();
  if (wanted.join() !== [...markers].sort().join())
    throw new WaystoneError(
      'NICK_INVALID',
      'You must use the same $-markers both in the nick and in the replacement.',
    );
  let source = '^';
  let at = 0;
  for (const m of p.matchAll(MARKER)) {
    source += literal(p.slice(at, m.index));
    source += m.index + m[0].length === p.length ? '(.+)' : '(.+?)';
    at = m.index + m[0].length;
  }
  source += literal(p.slice(at));
  // Without markers, the nick may start a longer line: `l me` is `look me`.
  source += markers.length === 0 ? '(?=\\s|$)' : '$';
  return { pattern: p, replacement: r, regex: new RegExp(source, 'iu'), markers };
}

/** Literal words; any run of spaces matches any run of spaces. */
function literal(text: string): string {
  return text
    .split(/(\s+)/)
    .map((part) => (/^\s+$/.test(part) ? '\\s+' : escapeRegex(part)))
    .join('');
}

/** The line with the nick applied, or null when the nick does not match it. */
export function applyNick(template: NickTemplate, line: string): string | null {
  const input = line.trim();
  const match = template.regex.exec(input);
  if (match === null) return null;
  if (template.markers.length === 0) {
    // The matched words are replaced; whatever followed them stays.
    return template.replacement + input.slice(match[0].length);
  }
  const values = new Map<number, string>();
  template.markers.forEach((n, i) => values.set(n, (match[i + 1] ?? '').trim()));
  return template.replacement.replace(MARKER, (_all, n: string) => values.get(Number(n)) ?? '');
}
