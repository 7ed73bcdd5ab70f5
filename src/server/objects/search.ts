/**
 * Object search matching, the rules players know from Evennia (pure: no storage, no objects
 * beyond the few fields read here). Given the text a player typed and the candidates in reach:
 *
 *   1. `me` / `self` → the caller; `here` → the caller's location (when there is one).
 *   2. `#12` → the candidate with id 12.
 *   3. Exact: a key or alias equal to the query, case-insensitively.
 *   4. Otherwise partial: a key or alias that starts with the query, or whose words start with
 *      the query's words in order (`red sw` finds "red sword", `sw` finds "sword").
 *   5. `2-sword` picks the second of the matches (candidate order); out of range → none.
 *      A key that is literally `2-sword` is matched exactly first.
 *
 * The result is every match at the best level, in candidate order, each object once.
 */

export interface Searchable {
  readonly id: number;
  readonly key: string;
  readonly aliases: { all(): readonly string[] };
}

export interface SearchSpecials<T> {
  /** What `me`/`self` mean. */
  me?: T | null;
  /** What `here` means. */
  here?: T | null;
}

export interface ParsedQuery {
  /** The name part, trimmed. */
  text: string;
  /** 1-based pick among several matches (`2-sword` → 2), or null. */
  nth: number | null;
}

const NTH = /^(\d+)-(.*\S.*)$/;

export function parseQuery(query: string): ParsedQuery {
  const text = query.trim();
  const match = NTH.exec(text);
  if (match === null) return { text, nth: null };
  return { text: (match[2] as string).trim(), nth: Number(match[1]) };
}

export function matchObjects<T extends Searchable>(
  query: string,
  candidates: readonly T[],
  specials: SearchSpecials<T> = {},
): T[] {
  const whole = query.trim();
  if (whole === '') return [];
  const lower = whole.toLowerCase();
  if ((lower === 'me' || lower === 'self') && specials.me) return [specials.me];
  if (lower === 'here' && specials.here) return [specials.here];
  const unique = [...new Set(candidates)];
  const dbref = /^#(\d+)$/.exec(whole);
  if (dbref !== null) return unique.filter((c) => c.id === Number(dbref[1]));

  // A name that itself looks like `2-sword` wins over the pick syntax.
  const literal = unique.filter((c) => namesOf(c).some((n) => n === lower));
  if (literal.length > 0) return literal;

  const { text, nth } = parseQuery(whole);
  if (nth === null) return partial(lower, unique);
  const name = text.toLowerCase();
  const exact = unique.filter((c) => namesOf(c).some((n) => n === name));
  const found = exact.length > 0 ? exact : partial(name, unique);
  const picked = found[nth - 1];
  return picked === undefined ? [] : [picked];
}

function partial<T extends Searchable>(name: string, candidates: readonly T[]): T[] {
  const words = name.split(/\s+/);
  return candidates.filter((c) =>
    namesOf(c).some((n) => n.startsWith(name) || wordsPrefix(words, n.split(/\s+/))),
  );
}

/** Every query word starts a word of the name, in order. */
function wordsPrefix(query: readonly string[], name: readonly string[]): boolean {
  let at = 0;
  for (const word of query) {
    while (at < name.length && !(name[at] as string).startsWith(word)) at++;
    if (at === name.length) return false;
    at++;
  }
  return true;
}

function namesOf(candidate: Searchable): string[] {
  return [candidate.key, ...candidate.aliases.all()].map((n) => n.toLowerCase());
}
