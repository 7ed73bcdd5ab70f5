/**
 * Pronouns for `$pron()` (stance-funcs.ts): the actor's own ("you", "your", "yourself") for the
 * actor, and the third person by the actor's gender for everyone else.
 *
 * The gender is the `gender` attribute: 'male' (he), 'female' (she), 'neutral' (it) or
 * 'plural' (they; singular they, as Evennia's "plural" gender), or their first letters, or the
 * subject pronoun itself ('he', 'she', 'it', 'they'). Without one, a character is 'plural'
 * (they/them: a person whose pronouns nobody set) and anything else 'neutral' (it).
 */

export type Gender = 'male' | 'female' | 'neutral' | 'plural';

/** What a pronoun does in the sentence. */
export type PronounRole =
  | 'subject' // you / he
  | 'object' // you / him
  | 'possessiveAdjective' // your / his (hat)
  | 'possessivePronoun' // yours / his (the hat is his)
  | 'reflexive'; // yourself / himself

const SECOND_PERSON: Readonly<Record<PronounRole, string>> = {
  subject: 'you',
  object: 'you',
  possessiveAdjective: 'your',
  possessivePronoun: 'yours',
  reflexive: 'yourself',
};

const THIRD_PERSON: Readonly<Record<Gender, Readonly<Record<PronounRole, string>>>> = {
  male: {
    subject: 'he',
    object: 'him',
    possessiveAdjective: 'his',
    possessivePronoun: 'his',
    reflexive: 'himself',
  },
  female: {
    subject: 'she',
    object: 'her',
    possessiveAdjective: 'her',
    possessivePronoun: 'hers',
    reflexive: 'herself',
  },
  neutral: {
    subject: 'it',
    object: 'it',
    possessiveAdjective: 'its',
    possessivePronoun: 'its',
    reflexive: 'itself',
  },
  plural: {
    subject: 'they',
    object: 'them',
    possessiveAdjective: 'their',
    possessivePronoun: 'theirs',
    reflexive: 'themselves',
  },
};

/** Each pronoun a message may name, and the role it has unless an option says otherwise. */
const ROLE_OF: ReadonlyMap<string, PronounRole> = new Map([
  ['you', 'subject'],
  ['your', 'possessiveAdjective'],
  ['yours', 'possessivePronoun'],
  ['yourself', 'reflexive'],
  ['he', 'subject'],
  ['she', 'subject'],
  ['it', 'subject'],
  ['they', 'subject'],
  ['him', 'object'],
  ['her', 'object'],
  ['them', 'object'],
  ['his', 'possessiveAdjective'],
  ['its', 'possessiveAdjective'],
  ['their', 'possessiveAdjective'],
  ['hers', 'possessivePronoun'],
  ['theirs', 'possessivePronoun'],
  ['himself', 'reflexive'],
  ['herself', 'reflexive'],
  ['itself', 'reflexive'],
  ['themselves', 'reflexive'],
  ['themself', 'reflexive'],
]);

/** Options that choose the role (Evennia's short forms, and words). */
const ROLE_OPTIONS: ReadonlyMap<string, PronounRole> = new Map([
  ['sp', 'subject'],
  ['subject', 'subject'],
  ['op', 'object'],
  ['object', 'object'],
  ['pa', 'possessiveAdjective'],
  ['pp', 'possessivePronoun'],
]);

const GENDER_WORDS: ReadonlyMap<string, Gender> = new Map([
  ['male', 'male'],
  ['m', 'male'],
  ['he', 'male'],
  ['female', 'female'],
  ['f', 'female'],
  ['she', 'female'],
  ['neutral', 'neutral'],
  ['n', 'neutral'],
  ['it', 'neutral'],
  ['plural', 'plural'],
  ['p', 'plural'],
  ['they', 'plural'],
]);

/** A gender from an attribute value or an option, or null when it names none. */
export function parseGender(value: unknown): Gender | null {
  return typeof value === 'string' ? (GENDER_WORDS.get(value.trim().toLowerCase()) ?? null) : null;
}

/** The role a pronoun has, with the options given; null when it is not a pronoun we know. */
export function pronounRole(pronoun: string, options: readonly string[]): PronounRole | null {
  for (const option of options) {
    const role = ROLE_OPTIONS.get(option.toLowerCase());
    if (role !== undefined) return role;
  }
  return ROLE_OF.get(pronoun.trim().toLowerCase()) ?? null;
}

/** The pronoun for the actor (`self`) or for others, by gender. */
export function pronoun(role: PronounRole, self: boolean, gender: Gender): string {
  return self ? SECOND_PERSON[role] : THIRD_PERSON[gender][role];
}
