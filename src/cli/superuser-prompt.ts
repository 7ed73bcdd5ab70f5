/**
 * Asking for a new superuser's name and password, as Django's createsuperuser does: each answer
 * is checked as soon as it is given, by the rules a player meets, and asked again when refused.
 *
 *   name      → the name rules, then whether an account has it already; refused: asked again
 *   password  → length, not only digits, not too close to the name, not common; refused: again
 *   again     → must equal the password; if not, the password is asked again
 *
 * A question refused MAX_TRIES times ends the conversation: nothing is created and the caller
 * exits non-zero. A name or password given on the command line is checked the same way but,
 * having no one to ask, refused at once.
 */
import type { Refusal, Verdict } from '../server/accounts/verdict.ts';
import type { Print } from './print.ts';
import { PromptStopped, type Questions } from './prompt.ts';

/** Refusals of one question before giving up. */
export const MAX_TRIES = 3;

export interface SuperuserChecks {
  /** The name as it will be stored (normalised), or why it cannot be used. */
  name(raw: string): Promise<{ readonly ok: true; readonly name: string } | Refusal>;
  password(password: string, name: string): Verdict;
}

export interface SuperuserInput {
  name?: string;
  password?: string;
}

export type SuperuserAnswers =
  | { readonly ok: true; readonly name: string; readonly password: string }
  | {
      readonly ok: false;
      /** refused: a command-line value was refused; tries: MAX_TRIES refusals of one question. */
      readonly why: 'refused' | 'tries' | 'cancelled' | 'ended';
      readonly message: string;
    };

/** Asks (or checks from `given`) until both answers pass or a question has been refused too often. */
export async function askSuperuser(
  questions: Questions,
  checks: SuperuserChecks,
  given: SuperuserInput,
  print: Print,
): Promise<SuperuserAnswers> {
  try {
    const name = await settleName(questions, checks, given.name, print);
    if (!name.ok) return name;
    const password = await settlePassword(questions, checks, name.name, given.password, print);
    if (!password.ok) return password;
    return { ok: true, name: name.name, password: password.password };
  } catch (err) {
    if (!(err instanceof PromptStopped)) throw err;
    return err.code === 'PROMPT_CANCELLED'
      ? { ok: false, why: 'cancelled', message: 'Cancelled.' }
      : { ok: false, why: 'ended', message: 'The input ended before every question was answered.' };
  }
}

async function settleName(
  questions: Questions,
  checks: SuperuserChecks,
  given: string | undefined,
  print: Print,
): Promise<{ ok: true; name: string } | Extract<SuperuserAnswers, { ok: false }>> {
  if (given !== undefined) {
    const verdict = await checks.name(given);
    return verdict.ok ? verdict : { ok: false, why: 'refused', message: verdict.message };
  }
  for (let tries = 1; ; tries++) {
    const verdict = await checks.name(await questions.ask('Superuser name: '));
    if (verdict.ok) return verdict;
    print(verdict.message);
    if (tries === MAX_TRIES) return tooMany('names');
  }
}

async function settlePassword(
  questions: Questions,
  checks: SuperuserChecks,
  name: string,
  given: string | undefined,
  print: Print,
): Promise<{ ok: true; password: string } | Extract<SuperuserAnswers, { ok: false }>> {
  if (given !== undefined) {
    const verdict = checks.password(given, name);
    return verdict.ok
      ? { ok: true, password: given }
      : { ok: false, why: 'refused', message: verdict.message };
  }
  for (let tries = 1; ; tries++) {
    const password = await questions.askHidden('Password: ');
    const verdict = checks.password(password, name);
    if (!verdict.ok) {
      print(verdict.message);
    } else if ((await questions.askHidden('Password again: ')) !== password) {
      print('The two passwords differ; type the password again.');
    } else {
      return { ok: true, password };
    }
    if (tries === MAX_TRIES) return tooMany('passwords');
  }
}

function tooMany(what: 'names' | 'passwords'): Extract<SuperuserAnswers, { ok: false }> {
  return { ok: false, why: 'tries', message: `${MAX_TRIES} ${what} were refused; giving up.` };
}
