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
import { openStorage } from '../../server/storage/open-storage.ts';
import type { Storage } from '../../server/storage/types.ts';
import { EXIT } from '../exit-codes.ts';
import { askHidden, askLine, canAsk } from '../prompt.ts';
import type { Print } from './start.ts';

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

export interface SuperuserInput {
  name?: string;
  password?: string;
}

/** Create a superuser from flags/env, or by asking at a terminal. */
export async function createSuperuser(
  config: Config,
  input: SuperuserInput,
  print: Print,
): Promise<number> {
  let { name, password } = input;
  if ((name === undefined || password === undefined) && !canAsk()) {
    print(
      'createsuperuser needs --name and --password (or WAYSTONE_SUPERUSER_NAME/_PASSWORD) when not run in a terminal.',
    );
    return EXIT.USAGE;
  }
  name ??= await askLine('Superuser name: ');
  if (password === undefined) {
    password = await askHidden('Password: ');
    if ((await askHidden('Password again: ')) !== password) {
      print('The passwords differ; nothing was created.');
      return EXIT.FAILED;
    }
  }
  const storage = await openGameStorage(config);
  try {
    const account = await accountManagerFor(config, storage).create({
      name,
      password,
      isSuperuser: true,
      permissions: ['Developer'],
    });
    print(`Superuser '${account.name}' created. Log in with: connect ${account.name} <password>`);
    return EXIT.OK;
  } catch (err) {
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
}

/** First start with no superuser: ask at a terminal, or say how to make one. */
export async function ensureSuperuser(config: Config, print: Print): Promise<void> {
  const storage = await openGameStorage(config);
  let count: number;
  try {
    count = await storage.accounts.count({ isSuperuser: true });
  } finally {
    await storage.close();
  }
  if (count > 0) return;
  if (canAsk()) {
    print('This game has no superuser (an account with every permission) yet. Create one now.');
    await createSuperuser(config, {}, print);
  } else {
    print(
      'This game has no superuser yet. Create one with: waystone createsuperuser --game-dir <dir>' +
        ' (or --name NAME --password PASSWORD for scripts).',
    );
  }
}
