/**
 * The superuser conversation with scripted answers and the real name and password rules: each
 * answer is checked when given and asked again when refused, and a question refused MAX_TRIES
 * times gives up.
 */
import { describe, expect, it } from 'vitest';
import { validateAccountName } from '../server/accounts/names.ts';
import { validatePassword } from '../server/accounts/passwords.ts';
import { refuse } from '../server/accounts/verdict.ts';
import { PromptStopped, type Questions } from './prompt.ts';
import {
  askSuperuser,
  MAX_TRIES,
  type SuperuserChecks,
  type SuperuserInput,
} from './superuser-prompt.ts';

/** Answers in order; records each question asked, with `*` for hidden ones. */
function scripted(answers: Array<string | PromptStopped>) {
  const asked: string[] = [];
  const next = (question: string): Promise<string> => {
    asked.push(question);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`no answer left for ${question}`);
    return answer instanceof PromptStopped ? Promise.reject(answer) : Promise.resolve(answer);
  };
  const questions: Questions = {
    ask: (q) => next(q),
    askHidden: (q) => next(`*${q}`),
  };
  return { questions, asked, left: answers };
}

const checks: SuperuserChecks = {
  async name(raw) {
    const verdict = validateAccountName(raw, { guestNames: [] });
    if (!verdict.ok) return verdict;
    return verdict.key === 'taken'
      ? refuse('ACCOUNT_NAME_TAKEN', "An account called 'Taken' already exists.")
      : { ok: true, name: verdict.name };
  },
  password: (password, name) => validatePassword(password, name),
};

async function run(answers: Array<string | PromptStopped>, given: SuperuserInput = {}) {
  const script = scripted(answers);
  const printed: string[] = [];
  const result = await askSuperuser(script.questions, checks, given, (l) => printed.push(l));
  return { result, printed, asked: script.asked, left: script.left };
}

const NAME = 'Superuser name: ';
const PW = '*Password: ';
const AGAIN = '*Password again: ';

describe('askSuperuser', () => {
  it('asks for the name again right after a refused one, before any password', async () => {
    const { result, printed, asked } = await run([
      'Al',
      'Taken',
      '  Ann  ',
      'correct horse',
      'correct horse',
    ]);
    expect(result).toEqual({ ok: true, name: 'Ann', password: 'correct horse' });
    expect(asked).toEqual([NAME, NAME, NAME, PW, AGAIN]);
    expect(printed).toEqual([
      'Account names must be 3 to 30 characters long.',
      "An account called 'Taken' already exists.",
    ]);
  });

  it('asks for the password again when it is short, common, or too close to the name', async () => {
    const { result, printed, asked, left } = await run([
      'Ann',
      'short',
      'Ann12345',
      'password1',
      'never asked',
    ]);
    expect(result).toEqual({
      ok: false,
      why: 'tries',
      message: `${MAX_TRIES} passwords were refused; giving up.`,
    });
    expect(asked).toEqual([NAME, PW, PW, PW]);
    expect(printed).toHaveLength(3);
    expect(printed[0]).toMatch(/at least 8 characters/);
    expect(printed[1]).toMatch(/too close to your account name/);
    expect(printed[2]).toMatch(/too common/);
    expect(left).toEqual(['never asked']);
  });

  it('asks for the password again when the confirmation differs', async () => {
    const { result, printed, asked } = await run([
      'Ann',
      'correct horse',
      'correct hrose',
      'correct horse',
      'correct horse',
    ]);
    expect(result).toEqual({ ok: true, name: 'Ann', password: 'correct horse' });
    expect(asked).toEqual([NAME, PW, AGAIN, PW, AGAIN]);
    expect(printed).toEqual(['The two passwords differ; type the password again.']);
  });

  it(`gives up after ${MAX_TRIES} refused names, without asking for a password`, async () => {
    const { result, printed, asked, left } = await run(['', 'Al', 'guest', 'Ann']);
    expect(result).toEqual({
      ok: false,
      why: 'tries',
      message: `${MAX_TRIES} names were refused; giving up.`,
    });
    expect(asked).toEqual([NAME, NAME, NAME]);
    expect(printed).toHaveLength(MAX_TRIES);
    expect(left).toEqual(['Ann']);
  });

  it('refuses a name or password given on the command line at once (nobody to ask)', async () => {
    const badName = await run([], { name: 'Al', password: 'correct horse' });
    expect(badName.result).toMatchObject({ ok: false, why: 'refused' });
    expect(badName.asked).toEqual([]);

    const badPassword = await run([], { name: 'Ann', password: 'Ann12345' });
    expect(badPassword.result).toMatchObject({ ok: false, why: 'refused' });
    expect(badPassword.asked).toEqual([]);

    const both = await run([], { name: 'Ann', password: 'correct horse' });
    expect(both.result).toEqual({ ok: true, name: 'Ann', password: 'correct horse' });
  });

  it('asks only for what the command line did not give', async () => {
    const { result, asked } = await run(['correct horse', 'correct horse'], { name: 'Ann' });
    expect(result).toEqual({ ok: true, name: 'Ann', password: 'correct horse' });
    expect(asked).toEqual([PW, AGAIN]);
  });

  it('stops on Ctrl-C or the end of input', async () => {
    const cancelled = await run(['Ann', new PromptStopped('PROMPT_CANCELLED')]);
    expect(cancelled.result).toMatchObject({ ok: false, why: 'cancelled' });
    const ended = await run([new PromptStopped('PROMPT_ENDED')]);
    expect(ended.result).toMatchObject({ ok: false, why: 'ended' });
  });
});
