import { describe, expect, it } from 'vitest';
import { WriteScopes } from '../objects/write-scopes.ts';
import { silentLog, useBackend } from '../storage/test-support.ts';
import type { Storage } from '../storage/types.ts';
import type { AccountSession } from './account.ts';
import { AccountManager } from './account-manager.ts';
import { PasswordHasher } from './hashing.ts';
import { setQuelled } from './quell.ts';

const backend = useBackend('sqlite');

function manager(storage: Storage): AccountManager {
  return new AccountManager<AccountSession>({
    storage,
    hasher: new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }),
    log: silentLog,
    nameRules: { guestNames: [] },
    passwordRules: {},
    sessionsOf: () => [],
  });
}

describe('quell and permissions, stored with the account', () => {
  it('a quelled account is loaded quelled again, until it unquells', async () => {
    const storage = await backend.open();
    const scopes = new WriteScopes(
      () => storage.unitOfWork(),
      (err) => {
        throw err;
      },
    );
    const bea = await manager(storage).create({ name: 'Bea', password: 'long enough pass' });
    expect(bea.quelled).toBe(false);
    await scopes.batch(() => setQuelled(bea, true, scopes));
    expect(bea.quelled).toBe(true);
    expect((await manager(storage).findByName('Bea'))?.quelled).toBe(true);
    await scopes.batch(() => setQuelled(bea, false, scopes));
    expect((await manager(storage).findByName('Bea'))?.quelled).toBe(false);
  });

  it('setPermissions changes the loaded account and is stored before it resolves', async () => {
    const storage = await backend.open();
    const accounts = manager(storage);
    const bea = await accounts.create({ name: 'Bea', password: 'long enough pass' });
    await accounts.setPermissions(bea, ['Player', 'Builder']);
    expect(bea.permissions).toEqual(['Player', 'Builder']);
    expect((await manager(storage).findByName('Bea'))?.permissions).toEqual(['Player', 'Builder']);
  });
});
