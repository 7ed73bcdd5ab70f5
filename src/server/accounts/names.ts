/**
 * Account names (REFERENCE.md §4): how a typed name is normalised, which names are accepted,
 * and the key that makes names unique case-insensitively. Pure functions: the account manager
 * calls them before it asks storage whether the key is taken.
 *
 * Decisions, with their reasons:
 * - NFKC first, so fullwidth `Ａｄｍｉｎ` and `Admin` are the same name, then whitespace is
 *   collapsed and trimmed. Single inner spaces are allowed: `connect "my name" pass` quotes names
 *   with spaces, which only makes sense if they can exist.
 * - Letters of any script in UAX #31's "recommended scripts" list (Latin, Cyrillic, Greek, Arabic,
 *   Han, …), combining marks after a letter, digits, space and `@.+-_`. At least one letter, so a
 *   name never looks like an id.
 * - One script per name (UTS #39 "highly restrictive"): `Аdmin` with a Cyrillic А is refused,
 *   so nobody can register a look-alike of another player's name. Latin may mix with the CJK
 *   combinations real names use (Han+Kana, Han+Hangul, Han+Bopomofo).
 * - Control, format and default-ignorable (zero-width, Hangul filler) characters are refused
 *   outright rather than stripped: silently stripping would let two typed names differ from
 *   the stored one.
 * - Whole-script look-alikes (an all-Cyrillic `Еѵе` beside Latin `Eve`) pass the script check;
 *   `nameSkeleton` gives the key that catches them (UTS #39 confusables, confusables.ts): the
 *   account manager refuses a new name whose skeleton an existing account already has, and a
 *   name whose skeleton is a reserved name's is refused here.
 */
import { skeleton } from './confusables.ts';
import { OK, refuse, type Refusal } from './verdict.ts';

export interface AccountNameRules {
  /** Guest account names (`guestNames` setting): nobody may register one. */
  guestNames: readonly string[];
  /** More names nobody may register (e.g. staff titles). `guest` is always reserved. */
  reserved?: readonly string[];
  /** Shortest name, in characters (code points) after normalising. Default 3. */
  minLength?: number;
  /** Longest name, in characters (code points) after normalising. Default 30. */
  maxLength?: number;
}

export const ACCOUNT_NAME_DEFAULTS = { minLength: 3, maxLength: 30 } as const;

/** `connect guest` is the guest login, so an account called `guest` could never log in. */
const ALWAYS_RESERVED = ['guest'];

/** Refuse absurd input before normalising it: NFKC can expand a string up to 18 times. */
const RAW_LENGTH_CAP = 1000;

export type AccountNameVerdict =
  | { readonly ok: true; readonly name: string; readonly key: string; readonly skeleton: string }
  | Refusal;

/** NFKC, then every run of whitespace becomes one space, then trimmed. Idempotent. */
export function normaliseAccountName(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\p{White_Space}+/gu, ' ')
    .replace(/^ | $/g, ''); // not String#trim: it also strips U+FEFF, which must be refused
}

/**
 * The case-insensitive key of a name: unique in storage and used for lookups. Upper then lower
 * case approximates Unicode full case folding (`ß` → `ss`, final `ς` → `σ`), and NFKC again
 * because case mapping can leave a string unnormalised.
 */
export function nameKey(name: string): string {
  return normaliseAccountName(name).toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * The look-alike key of a name: equal for names a reader could take for one another, whatever
 * their case. The skeleton is taken of the name as players see it (so `Ill` with a capital I
 * meets `lll`), then case-folded (so Cyrillic `ЕѴЕ` meets `Eve`: names differing in case are
 * one account), then taken again, since folding can turn up characters with a prototype.
 */
export function nameSkeleton(name: string): string {
  const folded = skeleton(normaliseAccountName(name)).toUpperCase().toLowerCase();
  return skeleton(folded);
}

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}]/u;
const ALLOWED = /^[\p{L}\p{M}\p{Nd}@.+\-_ ]+$/u;
const LETTER = /\p{L}/u;
/** A mark must follow a letter (or a short run of marks): no leading marks, no "Zalgo" stacks. */
const BAD_MARKS = /(?:^|[^\p{L}\p{M}])\p{M}|\p{M}{4,}/u;

/** UAX #31 Table 4, "Recommended scripts": the scripts in modern everyday use. */
const RECOMMENDED_SCRIPTS = [
  'Arabic',
  'Armenian',
  'Bengali',
  'Bopomofo',
  'Cyrillic',
  'Devanagari',
  'Ethiopic',
  'Georgian',
  'Greek',
  'Gujarati',
  'Gurmukhi',
  'Han',
  'Hangul',
  'Hebrew',
  'Hiragana',
  'Kannada',
  'Katakana',
  'Khmer',
  'Lao',
  'Latin',
  'Malayalam',
  'Myanmar',
  'Oriya',
  'Sinhala',
  'Tamil',
  'Telugu',
  'Thaana',
  'Thai',
  'Tibetan',
] as const;

const SCRIPT_TESTS = RECOMMENDED_SCRIPTS.map(
  (script) => [script, new RegExp(`\\p{Script_Extensions=${script}}`, 'u')] as const,
);
const COMMON_OR_INHERITED = /[\p{Script_Extensions=Common}\p{Script_Extensions=Inherited}]/u;

/**
 * UTS #39 §5.1 augments script sets so Japanese, Korean and Chinese writing count as one
 * script each: Han joins all three, Kana joins Japanese, Hangul Korean, Bopomofo Chinese.
 */
const AUGMENT: Partial<Record<string, readonly string[]>> = {
  Han: ['Jpan', 'Kore', 'Hanb'],
  Hiragana: ['Jpan'],
  Katakana: ['Jpan'],
  Hangul: ['Kore'],
  Bopomofo: ['Hanb'],
};
const CJK = ['Jpan', 'Kore', 'Hanb'];

/** The augmented script set of one character; null for Common/Inherited (fits any script). */
function scriptsOf(char: string): Set<string> | null | 'unsupported' {
  const found = new Set<string>();
  for (const [script, test] of SCRIPT_TESTS) {
    if (test.test(char)) {
      found.add(script);
      for (const extra of AUGMENT[script] ?? []) found.add(extra);
    }
  }
  if (found.size > 0) return found;
  return COMMON_OR_INHERITED.test(char) ? null : 'unsupported';
}

/** The intersection of the sets; null when there are none (no constraint at all). */
function intersect(sets: readonly Set<string>[]): Set<string> | null {
  const [first, ...rest] = sets;
  if (first === undefined) return null;
  return new Set([...first].filter((script) => rest.every((set) => set.has(script))));
}

type ScriptCheck = 'single' | 'mixed' | { unsupported: string };

/** Printable ASCII: letters are Latin only, the rest Common (fits any script). */
const ASCII = /^[\x20-\x7e]*$/;

function checkScripts(name: string): ScriptCheck {
  // Most names: no need for 29 script tests per character.
  if (ASCII.test(name)) return 'single';
  const sets: Set<string>[] = [];
  for (const char of name) {
    const scripts = scriptsOf(char);
    if (scripts === 'unsupported') return { unsupported: char };
    if (scripts) sets.push(scripts);
  }
  const resolved = intersect(sets);
  if (resolved === null || resolved.size > 0) return 'single';
  // Highly restrictive also accepts Latin plus one CJK writing system.
  const rest = intersect(sets.filter((s) => !s.has('Latin')));
  if (rest && CJK.some((s) => rest.has(s))) return 'single';
  return 'mixed';
}

/** Reserved-name lists seen (a game has one or two), with their names' keys and skeletons. */
const reservedLists = new Map<string, { keys: Set<string>; skeletons: Set<string> }>();
const RESERVED_LISTS_KEPT = 8;

/**
 * The keys and skeletons of `names`, worked out once per list: two Unicode passes per reserved
 * name (ten by default) were most of the time a name check took, and every new account checks
 * its name twice.
 */
function reservedKeys(names: readonly string[]): { keys: Set<string>; skeletons: Set<string> } {
  const id = names.join('\n');
  let known = reservedLists.get(id);
  if (known === undefined) {
    known = { keys: new Set(names.map(nameKey)), skeletons: new Set(names.map(nameSkeleton)) };
    if (reservedLists.size >= RESERVED_LISTS_KEPT) reservedLists.clear();
    reservedLists.set(id, known);
  }
  return known;
}

/** Checks a name as typed; on success returns it normalised, with its key. */
export function validateAccountName(raw: string, rules: AccountNameRules): AccountNameVerdict {
  const minLength = rules.minLength ?? ACCOUNT_NAME_DEFAULTS.minLength;
  const maxLength = rules.maxLength ?? ACCOUNT_NAME_DEFAULTS.maxLength;
  const lengthRefusal = refuse(
    'ACCOUNT_NAME_LENGTH',
    `Account names must be ${minLength} to ${maxLength} characters long.`,
  );
  if (raw.length > RAW_LENGTH_CAP) return lengthRefusal;

  const name = normaliseAccountName(raw);
  if (INVISIBLE.test(name)) {
    return refuse(
      'ACCOUNT_NAME_INVISIBLE',
      'Account names cannot contain control or invisible characters.',
    );
  }
  const length = [...name].length;
  if (length < minLength || length > maxLength) return lengthRefusal;
  if (!ALLOWED.test(name) || BAD_MARKS.test(name)) {
    return refuse(
      'ACCOUNT_NAME_CHARACTERS',
      'Account names may only use letters, digits, single spaces and the characters @ . + - _',
    );
  }
  if (!LETTER.test(name)) {
    return refuse('ACCOUNT_NAME_CHARACTERS', 'Account names must contain at least one letter.');
  }
  const scripts = checkScripts(name);
  if (typeof scripts === 'object') {
    return refuse(
      'ACCOUNT_NAME_CHARACTERS',
      `Account names cannot use the character "${scripts.unsupported}"; please use letters of a widely used alphabet.`,
    );
  }
  if (scripts === 'mixed') {
    return refuse(
      'ACCOUNT_NAME_MIXED_SCRIPT',
      'Account names must use letters of one alphabet (not, say, Latin and Cyrillic together), so that no name can imitate another.',
    );
  }
  const key = nameKey(name);
  const alike = nameSkeleton(name);
  const reserved = reservedKeys([
    ...ALWAYS_RESERVED,
    ...rules.guestNames,
    ...(rules.reserved ?? []),
  ]);
  if (reserved.keys.has(key) || reserved.skeletons.has(alike)) {
    return refuse('ACCOUNT_NAME_RESERVED', 'That name is reserved; please choose another.');
  }
  return { ...OK, name, key, skeleton: alike };
}
