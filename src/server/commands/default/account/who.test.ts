import { describe, expect, it } from 'vitest';
import type { GameServices } from '../../../game-services.ts';
import { CmdSet } from '../../cmdset.ts';
import { CommandTestKit } from '../../test-support.ts';
import { CmdWho, layoutColumns, shortDuration } from './who.ts';

const MINUTE = 60_000;

/** Sessions as `who` reads them: account, connected since, last command; and what each plays. */
function online(now: number) {
  const room = { getDisplayName: () => 'Bell Tower' };
  const puppet = { getDisplayName: () => 'Cora', location: room };
  const sessions = [
    {
      sessid: 1,
      loggedIn: true,
      uid: 2,
      uname: 'Wren',
      connTime: now - 75 * MINUTE,
      cmdLastVisible: now - 3 * MINUTE,
    },
    // Wren's second session: the account is as idle as its busiest session.
    {
      sessid: 2,
      loggedIn: true,
      uid: 2,
      uname: 'Wren',
      connTime: now - 5 * MINUTE,
      cmdLastVisible: now - 20_000,
    },
    {
      sessid: 3,
      loggedIn: true,
      uid: 1,
      uname: 'Cora',
      connTime: now - 2 * MINUTE,
      cmdLastVisible: now - 2 * MINUTE,
    },
    // Still at the login screen: not listed.
    { sessid: 4, loggedIn: false, uid: null, uname: null, connTime: now, cmdLastVisible: now },
  ];
  return {
    sessions: { all: () => sessions },
    puppeting: { puppetOf: (s: { sessid: number }) => (s.sessid === 3 ? puppet : null) },
  } as unknown as GameServices;
}

async function who(
  permissions: string[],
  line = 'who',
  flags: Record<string, number | boolean> = {},
): Promise<string> {
  const kit = new CommandTestKit();
  const account = kit.account(permissions);
  account.cmdset.add(new CmdSet()).add(new CmdWho(online(Date.now())));
  const ctx = kit.context({ account });
  Object.assign(ctx.session.protocolFlags, flags);
  await kit.type(ctx, line);
  return ctx.session.take().join('\n');
}

describe('who', () => {
  it('lists the accounts online under a header: name, on for, idle', async () => {
    expect(await who(['Player'])).toBe(
      [
        'Accounts online: 2',
        '  Account name  On for  Idle',
        '  Cora          2m      2m',
        '  Wren          1h 15m  20s',
      ].join('\n'),
    );
  });

  it('shows admins what each account plays and where; `doing` is the short list for all', async () => {
    expect(await who(['Admin'])).toBe(
      [
        'Accounts online: 2',
        '  Account name  On for  Idle  Playing  Room',
        '  Cora          2m      2m    Cora     Bell Tower',
        '  Wren          1h 15m  20s   -        -',
      ].join('\n'),
    );
    expect(await who(['Admin'], 'doing')).toMatch(/^ {2}Account name {2}On for {2}Idle$/m);
  });

  it('fits a narrow screen and reads linearly to a screen reader', async () => {
    expect(await who(['Admin'], 'who', { SCREENWIDTH: 40 })).toBe(
      [
        'Accounts online: 2',
        '  Account    On    Idle  Playing  Room',
        '  name       for',
        '  Cora       2m    2m    Cora     Bell',
        '                                  Tower',
        '  Wren       1h    20s   -        -',
        '             15m',
      ].join('\n'),
    );
    expect(await who(['Player'], 'who', { SCREENREADER: true })).toBe(
      [
        'Accounts online: 2',
        'Account name: Cora; On for: 2m; Idle: 2m',
        'Account name: Wren; On for: 1h 15m; Idle: 20s',
      ].join('\n'),
    );
  });

  it('writes durations with their two largest units', () => {
    expect(shortDuration(0)).toBe('0s');
    expect(shortDuration(59_999)).toBe('59s');
    expect(shortDuration(3600_000 + 5_000)).toBe('1h');
    expect(shortDuration(2 * 86_400_000 + 4 * 3600_000 + 7 * MINUTE)).toBe('2d 4h');
  });

  it('pads columns to their widest cell and leaves no trailing spaces', () => {
    expect(
      layoutColumns([
        ['a', 'bb', ''],
        ['ccc', 'd', 'e'],
      ]),
    ).toEqual(['a    bb', 'ccc  d   e']);
  });
});
