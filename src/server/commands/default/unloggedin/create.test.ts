/**
 * `create <name> <password>` at the login screen: every check that could refuse the account runs
 * before the yes/no question, so a player is never asked about an account that cannot be made.
 */
import { describe, expect, it } from 'vitest';
import { AccountManager } from '../../../accounts/account-manager.ts';
import { PasswordHasher } from '../../../accounts/hashing.ts';
import type { GameServices } from '../../../game-services.ts';
import { AccessGuard } from '../../../login/access-guard.ts';
import { LoginService } from '../../../login/login-service.ts';
import { ServerSessionHandler } from '../../../sessions/server-session-handler.ts';
import type { ServerSession } from '../../../sessions/server-session.ts';
import { silentLog, useBackend } from '../../../storage/test-support.ts';
import { CmdSet } from '../../cmdset.ts';
import { CommandTestKit, TestSession } from '../../test-support.ts';
import { CmdCreate } from './create.ts';

/** A connection before login, as `create` and the login service see it. */
class LoginScreenSession extends TestSession {
  constructor(
    sessid: number,
    readonly address: string,
  ) {
    super(sessid);
  }
  disconnect(): void {}
}

const backend = useBackend('sqlite');

async function loginScreen() {
  const storage = await backend.open();
  const accounts = new AccountManager<ServerSession>({
    storage,
    // Cheap hashing: this is about what the player is asked, not argon2's cost.
    hasher: new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }),
    log: silentLog,
    nameRules: { guestNames: [] },
    passwordRules: {},
    sessionsOf: () => [],
  });
  const guard = await AccessGuard.load({
    storage,
    log: silentLog,
    failedLogins: { limit: 5, windowMs: 60_000, blockMs: 60_000, message: 'Too many failures.' },
    creations: { limit: 2, windowMs: 600_000, message: 'Too many new accounts from here.' },
  });
  const login = new LoginService({
    accounts,
    sessions: new ServerSessionHandler(silentLog),
    storage,
    guard,
    log: silentLog,
    oneSessionPerAccount: true,
    guestEnabled: false,
    guestNames: [],
  });
  const services = { accounts, guard, login } as unknown as GameServices;
  const kit = new CommandTestKit();
  let next = 1;
  /** A new connection from `address`, typing at the login screen. */
  const connection = (address = '10.0.0.1') => {
    const session = new LoginScreenSession(next++, address);
    const ctx = kit.context({ session });
    ctx.sessionCmdset.add(new CmdSet()).add(new CmdCreate(services));
    return async (line: string) => {
      await kit.type(ctx, line);
      return session.take();
    };
  };
  return { connection, accounts };
}

describe('create at the login screen', () => {
  it('asks [Y/n] about an account that can be made, and makes it on yes', async () => {
    const { connection, accounts } = await loginScreen();
    const type = connection();
    expect(await type('create Wren "quiet harbor lights"')).toEqual([
      "Create a new account called 'Wren'? [Y/n]",
    ]);
    expect(await type('n')).toEqual(['No account was created.']);
    expect(await type('create Wren "quiet harbor lights"')).toHaveLength(1);
    expect((await type('y'))[0]).toMatch(/^A new account 'Wren' was created/);
    expect(await accounts.findByName('wren')).not.toBeNull();
  });

  it('refuses a taken name, a bad name or a weak password before asking anything', async () => {
    const { connection } = await loginScreen();
    const first = connection();
    await first('create Wren "quiet harbor lights"');
    await first('yes');
    const type = connection('10.0.0.2');
    expect(await type('create WREN "another good phrase"')).toEqual([
      'Sorry, that name is already taken.',
    ]);
    const badName = await type('create x "another good phrase"');
    expect(badName).toHaveLength(1);
    expect(badName[0]).not.toMatch(/\[Y\/n\]/);
    const weak = await type('create Lark password1');
    expect(weak).toHaveLength(1);
    expect(weak[0]).toMatch(/common/);
  });

  it('refuses a name that looks like an existing one, before asking and at creation', async () => {
    const { connection, accounts } = await loginScreen();
    const first = connection();
    await first('create Eve "quiet harbor lights"');
    await first('yes');
    const type = connection('10.0.0.2');
    // Cyrillic Е ѵ е: one script, so only the look-alike rule can tell it from Eve.
    expect(await type('create \u0415\u0475\u0435 "another good phrase"')).toEqual([
      "That name is too like an existing account's name; please choose another.",
    ]);
    await expect(
      accounts.create({ name: '\u0415\u0474\u0415', password: 'another good phrase' }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_NAME_LOOKALIKE' });
    expect(await type('create Eva "another good phrase"')).toEqual([
      "Create a new account called 'Eva'? [Y/n]",
    ]);
  });

  it('refuses before asking once the address has made its allowance of accounts', async () => {
    const { connection } = await loginScreen();
    const type = connection('10.9.9.9');
    for (const name of ['Moss', 'Fern']) {
      expect(await type(`create ${name} "purple otter dance"`)).toHaveLength(1);
      expect((await type('y'))[0]).toMatch(/was created/);
    }
    expect(await type('create Three "purple otter dance"')).toEqual([
      'Too many new accounts from here.',
    ]);
    // Another address is not affected.
    expect(await connection('10.1.1.1')('create Three "purple otter dance"')).toEqual([
      "Create a new account called 'Three'? [Y/n]",
    ]);
  });
});
