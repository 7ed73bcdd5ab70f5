/**
 * English verbs from the second person ("you open") to the third person singular ("Ann
 * opens"), for `$conj(verb)` (stance-funcs.ts). Written for the verbs games use in messages:
 * the common irregulars (be, have, do, go, the modals, and their negations) and the spelling
 * rules (kiss → kisses, try → tries, play → plays). Only the first word changes, so
 * `$conj(pick up)` gives "picks up"; the case of its first letter is kept.
 */

const IRREGULAR: ReadonlyMap<string, string> = new Map([
  ['are', 'is'],
  ['be', 'is'],
  ['am', 'is'],
  ['were', 'was'],
  ['have', 'has'],
  ['do', 'does'],
  ['go', 'goes'],
  ["aren't", "isn't"],
  ["weren't", "wasn't"],
  ["haven't", "hasn't"],
  ["don't", "doesn't"],
]);

/** Modal verbs (and their negations) do not change: "you can" / "Ann can". */
const UNCHANGED = new Set([
  'can',
  'could',
  'may',
  'might',
  'must',
  'shall',
  'should',
  'will',
  'would',
  "can't",
  "couldn't",
  "mustn't",
  "shouldn't",
  "won't",
  "wouldn't",
]);

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

function conjugateWord(word: string): string {
  const lower = word.toLowerCase();
  if (lower === '' || UNCHANGED.has(lower)) return word;
  const irregular = IRREGULAR.get(lower);
  if (irregular !== undefined) {
    const capital = word.charAt(0) !== word.charAt(0).toLowerCase();
    return capital ? irregular.charAt(0).toUpperCase() + irregular.slice(1) : irregular;
  }
  if (/(?:s|sh|ch|x|z|o)$/.test(lower)) return `${word}es`;
  if (lower.endsWith('y') && lower.length > 1 && !VOWELS.has(lower.at(-2) as string)) {
    return `${word.slice(0, -1)}ies`;
  }
  return `${word}s`;
}

/** "open" → "opens", "are" → "is", "pick up" → "picks up" (see the module comment). */
export function thirdPerson(verb: string): string {
  const match = /^(\s*)(\S+)([\s\S]*)$/.exec(verb);
  if (match === null) return verb;
  const [, lead = '', first = '', rest = ''] = match;
  return `${lead}${conjugateWord(first)}${rest}`;
}
