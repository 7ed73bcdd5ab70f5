/**
 * Articles for names in sentences: "You pick up a brass lantern.", "Ann arrives from the
 * Courtyard.", "You ring the bronze bell." An object's article is, in this order:
 *
 * 1. its `db.article` attribute when it is a string: 'a', 'an', 'some', 'the', or '' for none
 *    (a builder: `set courtyard/article = the`, `set water/article = some`, `set x/article = ""`);
 * 2. none for a character, whatever the case of its name (DefaultCharacter.getArticle);
 * 3. otherwise guessed from the name: none when it does not start with a lower-case letter
 *    (a proper name or a title: "Ann", "Excalibur", "Limbo", "Bell Tower", "3 coins"), none when
 *    it starts with an article already ("the Bell", "an old map"), else 'a' or 'an' by the sound
 *    of its first word (the spelling, with the common English exceptions below).
 *
 * Room names are usually written as titles ("Courtyard"), so a room goes without an article
 * ("Ann leaves for Courtyard.") until it is given one, as the demo world's rooms are.
 *
 * The guess is deliberately simple, unlike Evennia's use of the `inflect` library: an object
 * it gets wrong is given `db.article`. Plurals and counting ("two lanterns") are not done here.
 * DefaultObject.getIndefiniteName / getDefiniteName put the article to use.
 */

/** What `db.article` may hold; anything else is ignored and the article is guessed. */
export type Article = 'a' | 'an' | 'some' | 'the' | '';

const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'some', 'the', '']);

export function isArticle(value: unknown): value is Article {
  return typeof value === 'string' && ARTICLES.has(value);
}

/** A name starting with one of these words already carries its article. */
const LEADING_ARTICLE = /^(?:a|an|the|some)\s/i;

/**
 * Words spelled with a vowel but said with a consonant: "a unicorn", "a useful key", "a euro",
 * "a one-eyed cat" (but "an uninvited guest", "an onion").
 */
const CONSONANT_SOUND = /^(?:uni(?![nmd])|use|usu|uti|ura|uri|ure|eu|ewe|one\b|once\b|ouija)/;

/** Words spelled with a consonant but said with a vowel (a silent h): "an hour". */
const VOWEL_SOUND = /^(?:hour|honest|honou?r|heir)/;

/** Is the first character a letter that has case and is lower case? */
function startsLowerCase(name: string): boolean {
  const first = name.charAt(0);
  return first !== first.toUpperCase();
}

/** The article a name would get without `db.article`: '', 'a' or 'an'. */
export function guessArticle(name: string): Article {
  const text = name.trim();
  if (!startsLowerCase(text) || LEADING_ARTICLE.test(text)) return '';
  const word = text.toLowerCase();
  if (VOWEL_SOUND.test(word)) return 'an';
  if (CONSONANT_SOUND.test(word)) return 'a';
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/** "a brass lantern": the name with its article, as when something is first mentioned. */
export function indefinite(name: string, article: Article): string {
  return article === '' ? name : `${article} ${name}`;
}

/** "the brass lantern": the name as something already known (a proper name keeps none). */
export function definite(name: string, article: Article): string {
  return article === '' ? name : `the ${name}`;
}

/** "the bell" → "bell": what a player typed, without a leading article; null when it has none. */
export function withoutArticle(text: string): string | null {
  const match = LEADING_ARTICLE.exec(text.trim());
  if (match === null) return null;
  const rest = text.trim().slice(match[0].length).trim();
  return rest === '' ? null : rest;
}

/** The first letter in upper case, for a name that starts a sentence ("A lantern falls."). */
export function capitalize(text: string): string {
  return startsLowerCase(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
