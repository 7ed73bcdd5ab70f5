import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AccountRow } from '../storage/types.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import {
  DefaultAccount,
  type AccountClass,
  type AccountSession,
  type AccountState,
} from './account.ts';

function state(extra: Partial<AccountState> = {}): AccountState {
  return {
    id: 7,
    name: 'Ann',
    nameKey: 'ann',
    email: null,
    typeclass: 'DefaultAccount',
    permissions: ['Player'],
    isSuperuser: false,
    isGuest: false,
    createdAt: new Date(0),
    lastLoginAt: null,
    ...extra,
  };
}

function fakeSession(sessid: number) {
  const sent: string[] = [];
  const session: AccountSession = {
    sessid,
    address: '127.0.0.1',
    msg: (text) => sent.push(text),
    disconnect: () => undefined,
  };
  return { session, sent };
}

describe('DefaultAccount', () => {
  it('exposes its state and the sessions its owner injects', () => {
    const a = fakeSession(1);
    const b = fakeSession(2);
    let live = [a.session];
    const account = new DefaultAccount(state(), { sessions: () => live });
    expect(account.id).toBe(7);
    expect(account.name).toBe('Ann');
    expect(account.isConnected).toBe(false);
    expect(account.sessions).toEqual([a.session]);
    live = [a.session, b.session];
    account.msg('hello');
    expect(a.sent).toEqual(['hello']);
    expect(b.sent).toEqual(['hello']);
  });

  it('has no-op hooks that a subclass overrides, sync or async', async () => {
    const calls: string[] = [];
    class MyAccount extends DefaultAccount {
      override async atPreLogin(): Promise<void> {
        await Promise.resolve();
        calls.push('pre');
      }
      override atPostLogin(session: AccountSession): void {
        calls.push(`post:${session.sessid}`);
      }
    }
    const Class: AccountClass = MyAccount;
    const { session } = fakeSession(3);
    const account = new Class(state(), { sessions: () => [session] });
    // The timeline order, as the account manager drives it.
    await account.atInit();
    await account.atFirstLogin();
    await account.atPreLogin();
    await account.atPostLogin(session);
    await account.atFailedLogin(session);
    await account.atDisconnect('quit');
    await account.atPostDisconnect();
    expect(calls).toEqual(['pre', 'post:3']);
  });

  it('state matches the storage row without its password hash', () => {
    expectTypeOf<Omit<AccountRow, 'passwordHash'>>().toExtend<AccountState>();
    expectTypeOf<AccountState>().not.toHaveProperty('passwordHash');
  });

  it('accepts the Server session type', () => {
    expectTypeOf<ServerSession>().toExtend<AccountSession>();
    const Class: AccountClass<ServerSession> = DefaultAccount<ServerSession>;
    expect(Class).toBe(DefaultAccount);
  });
});
