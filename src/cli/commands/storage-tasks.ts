/**
 * Launcher tasks on the game's database: `waystone migrate` and `waystone createsuperuser`.
 * They open the same storage the Server uses (SQLite in WAL mode and PostgreSQL both allow
 * this while the game runs).
 */
import { pino } from 'pino';
import type { Config } from '../../config/load.ts';
import { isWaystoneError } from '../../shared/errors.ts';
import type { AccountSession } from '../../server/accounts/account.ts';
import { AccountManager } from '../../server/accounts/account-manager.ts';
import { accountRulesFrom } from '../../server/accounts/config-rules.ts';
import { validateAccountName } from '../../server/accounts/names.ts';
import { validatePassword } from '../../server/accounts/passwords.ts';
import { refuse } from '../../server/accounts/verdict.ts';
import { openStorage } from '../../server/storage/open-storage.ts';
import type { Storage } from '../../server/storage/types.ts';
import { EXIT } from '../exit-codes.ts';
import type { Print } from '../print.ts';
import { canAsk, Prompt, PromptStopped, type Questions } from '../prompt.ts';
import { askSuperuser, type SuperuserChecks, type SuperuserInput } from '../superuser-prompt.ts';

const quiet = pino({ level: 'warn' });

export function openGameStorage(config: Config, migrate = true): Promise<Storage> {
  return openStorage({
    gameDir: config.gameDir,
    databaseUrl: config.databaseUrl,
    databaseFile: config.databaseFile,
    log: quiet,
    migrate,
  });
}

export async function migrateCommand(config: Config, print: Print): Promise<number> {
  const storage = await openGameStorage(config, false);
  try {
    const before = await storage.migrationStatus();
    if (before.pending.length === 0) {
      print(`The database (${storage.location}) is up to date (schema version ${before.current}).`);
      return EXIT.OK;
    }
    const applied = await storage.migrate();
    print(`Applied ${applied.length} migration(s) to ${storage.location}: ${applied.join(', ')}`);
    return EXIT.OK;
  } finally {
    await storage.close();
  }
}

export function accountManagerFor(config: Config, storage: Storage): AccountManager {
  return new AccountManager<AccountSession>({
    storage,
    ...accountRulesFrom(config),
    log: quiet,
    sessionsOf: () => [] as AccountSession[],
  });
}

/** Name and password checks by the game's account rules, and whether the name is taken. */
function superuserChecks(config: Config, storage: Storage): SuperuserChecks {
  const { nameRules, passwordRules } = accountRulesFrom(config);
  return {
    async name(raw) {
      const verdict = validateAccountName(raw, nameRules);
      if (!verdict.ok) return verdict;
      const existing = await storage.accounts.findByNameKey(verdict.key);
      if (existing) {
        return refuse('ACCOUNT_NAME_TAKEN', `An account called '${existing.name}' already exists.`);
      }
      return { ok: true, name: verdict.name };
    },
    password: (password, name) => validatePassword(password, name, passwordRules),
  };
}

/** For a run where every answer came from the command line: nothing may be asked. */
const NO_QUESTIONS: Questions = {
  ask: () => Promise.reject(new PromptStopped('PROMPT_ENDED')),
  askHidden: () => Promise.reject(new PromptStopped('PROMPT_ENDED')),
};

/** A prompt on this process's terminal, or null when stdin or stdout is not one. */
export function terminalPrompt(): Prompt | null {
  return canAsk() ? Prompt.forTerminal() : null;
}

/**
 * Create a superuser from flags/env, or by asking at a terminal (`prompt`; tests pass their
 * own). Each answer is checked as it is given (superuser-prompt.ts).
 */
export async function createSuperuser(
  config: Config,
  given: SuperuserInput,
  print: Print,
  prompt: Prompt | null = terminalPrompt(),
): Promise<number> {
  try {
    if ((given.name === undefined || given.password === undefined) && prompt === null) {
      print(
        'createsuperuser needs --name and --password (or WAYSTONE_SUPERUSER_NAME/_PASSWORD) when not run in a terminal.',
      );
      return EXIT.USAGE;
    }
    const storage = await openGameStorage(config);
    try {
      const checks = superuserChecks(config, storage);
      const answers = await askSuperuser(prompt ?? NO_QUESTIONS, checks, given, print);
      prompt?.close();
      if (!answers.ok) {
        print(
          answers.why === 'refused'
            ? `Not created: ${answers.message}`
            : `${answers.message} No superuser was created.`,
        );
        return EXIT.FAILED;
      }
      const account = await accountManagerFor(config, storage).create({
        name: answers.name,
        password: answers.password,
        isSuperuser: true,
        permissions: ['Developer'],
      });
      print(`Superuser '${account.name}' created. Log in with: connect ${account.name} <password>`);
      return EXIT.OK;
    } catch (err) {
      // Checked above by the same rules, but another process may have taken the name since.
      if (
        isWaystoneError(err) &&
        (err.code.startsWith('ACCOUNT_') || err.code.startsWith('PASSWORD_'))
      ) {
        print(`Not created: ${err.message}`);
        return EXIT.FAILED;
      }
      throw err;
    } finally {
      await storage.close();
    }
  } finally {
    prompt?.close();
  }
}

/**
 * First start with no superuser: ask at a terminal, or say how to make one. False when a
 * person was asked and no superuser came of it; the caller then does not start the game.
 */
export async function ensureSuperuser(
  config: Config,
  print: Print,
  prompt: Prompt | null = terminalPrompt(),
): Promise<boolean> {
  const storage = await openGameStorage(config);
  let count: number;
  try {
    count = await storage.accounts.count({ isSuperuser: true });
  } finally {
    await storage.close();
  }
  if (count > 0) return true;
  if (prompt === null) {
    print(
      'This game has no superuser yet. Create one with: waystone createsuperuser --game-dir <dir>' +
        ' (or --name NAME --password PASSWORD for scripts).',
    );
    return true;
  }
  print('This game has no superuser (an account with every permission) yet. Create one now.');
  if ((await createSuperuser(config, {}, print, prompt)) === EXIT.OK) return true;
  print(
    `The game was not started. Start it again to be asked again, or create the superuser with: waystone createsuperuser --game-dir ${config.gameDir}`,
  );
  return false;
}
