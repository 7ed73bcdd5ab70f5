/**
 * Password rules for new passwords (REFERENCE.md §4): long enough, not only digits, not a common
 * password, not the account name in disguise. Only new passwords are checked; logging in with
 * an old password that predates a rule still works.
 *
 * Passwords are NFKC-normalised before checking and before hashing (NIST SP 800-63B §5.1.1.2),
 * so the same password typed from another keyboard or client encoding still matches.
 */
import { COMMON_PASSWORDS } from './common-passwords.ts';
import { boundedEditDistance } from './edit-distance.ts';
import { OK, refuse, type Verdict } from './verdict.ts';

export interface PasswordRules {
  /** Shortest password, in characters. Default 8. */
  minLength?: number;
  /** Longest password, in characters. Default 256: long passphrases yes, megabytes no. */
  maxLength?: number;
  /** Lower-case common passwords and stems. Default: the bundled list. */
  commonPasswords?: ReadonlySet<string>;
}

export const PASSWORD_DEFAULTS = { minLength: 8, maxLength: 256 } as const;

/** Passwords within this many edits of the account name count as "the name". */
const NAME_EDIT_DISTANCE = 3;

/** The form a password is checked and hashed in. */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
  '+': 't',
};

function deLeet(text: string): string {
  return [...text].map((ch) => LEET[ch] ?? ch).join('');
}

/** `Dragon2024!` → `dragon`: a common stem with a short digit/symbol prefix or suffix. */
function stem(text: string): string {
  return text.replace(/^[^\p{L}]{1,2}/u, '').replace(/[^\p{L}]{1,6}$/u, '');
}

function isCommon(lower: string, common: ReadonlySet<string>): boolean {
  const stemmed = stem(lower);
  const candidates = [lower, deLeet(lower), stemmed, deLeet(stemmed)];
  return candidates.some((c) => c.length > 0 && common.has(c));
}

function alphanumeric(text: string): string {
  return text.replace(/[^\p{L}\p{Nd}]/gu, '');
}

function isLikeName(lower: string, accountName: string): boolean {
  const name = normalisePassword(accountName).toLowerCase();
  if (name.length === 0) return false;
  const reversed = [...name].reverse().join('');
  const bareName = alphanumeric(name);
  if (lower.includes(name) || lower.includes(reversed) || name.includes(lower)) return true;
  if (bareName.length >= 3 && alphanumeric(lower).includes(bareName)) return true;
  return [lower, stem(lower), deLeet(stem(lower))].some(
    (candidate) => boundedEditDistance(candidate, name, NAME_EDIT_DISTANCE) <= NAME_EDIT_DISTANCE,
  );
}

/** Checks a new password for the account `accountName`. */
export function validatePassword(
  password: string,
  accountName: string,
  rules: PasswordRules = {},
): Verdict {
  const minLength = rules.minLength ?? PASSWORD_DEFAULTS.minLength;
  const maxLength = rules.maxLength ?? PASSWORD_DEFAULTS.maxLength;
  // Measured before normalising too, so a huge input is refused without being processed.
  if (password.length > maxLength * 4) return tooLong(maxLength);
  const normalised = normalisePassword(password);
  const length = [...normalised].length;
  if (length < minLength) {
    return refuse('PASSWORD_TOO_SHORT', `Passwords must be at least ${minLength} characters long.`);
  }
  if (length > maxLength) return tooLong(maxLength);
  if (/^\p{Nd}+$/u.test(normalised)) {
    return refuse(
      'PASSWORD_ALL_DIGITS',
      'Passwords cannot be only digits; add some letters or symbols.',
    );
  }
  const lower = normalised.toLowerCase();
  if (isLikeName(lower, accountName)) {
    return refuse(
      'PASSWORD_LIKE_NAME',
      'That password is too close to your account name; please choose one that does not contain or resemble it.',
    );
  }
  if (isCommon(lower, rules.commonPasswords ?? COMMON_PASSWORDS)) {
    return refuse(
      'PASSWORD_COMMON',
      'That password is too common and easily guessed; try a few unrelated words together instead.',
    );
  }
  return OK;
}

function tooLong(maxLength: number): Verdict {
  return refuse('PASSWORD_TOO_LONG', `Passwords can be at most ${maxLength} characters long.`);
}
