import { describe, expect, it } from 'vitest';
import { PermissionHierarchy } from './permissions.ts';
import { account, puppet } from './test-subjects.ts';

const hierarchy = new PermissionHierarchy();

describe('PermissionHierarchy', () => {
  it('a higher permission passes a lower check, case-insensitively, plurals too', () => {
    const admin = account(['admin']);
    expect(hierarchy.check(admin, 'Player')).toBe(true);
    expect(hierarchy.check(admin, 'Builders')).toBe(true);
    expect(hierarchy.check(admin, 'Admin')).toBe(true);
    expect(hierarchy.check(admin, 'Developer')).toBe(false);
    expect(hierarchy.check(account(['Builders']), 'builder')).toBe(true);
  });

  it('perm_above is strict', () => {
    expect(hierarchy.check(account(['Admin']), 'Admin', true)).toBe(false);
    expect(hierarchy.check(account(['Admin']), 'Builder', true)).toBe(true);
  });

  it('a non-hierarchy permission is an exact, case-insensitive match', () => {
    const subject = account(['CanBan', 'Developer']);
    expect(hierarchy.check(subject, 'canban')).toBe(true);
    expect(hierarchy.check(subject, 'CanKick')).toBe(false);
    expect(hierarchy.check(subject, 'canban', true)).toBe(false);
  });

  it('a puppet is checked with its account permissions', () => {
    const builder = account(['Builder']);
    expect(hierarchy.check(puppet(['Player'], builder), 'Builder')).toBe(true);
    expect(hierarchy.check(puppet(['Developer'], account(['Player'])), 'Builder')).toBe(false);
    expect(hierarchy.check(puppet(['Player'], null), 'Player')).toBe(true);
  });

  it('quelled: no higher than the puppet, and exact permissions come from the puppet', () => {
    const quelledDev = account(['Developer', 'CanBan'], { quelled: true });
    expect(hierarchy.check(puppet(['Player'], quelledDev), 'Builder')).toBe(false);
    expect(hierarchy.check(puppet(['Player'], quelledDev), 'Player')).toBe(true);
    // quell never raises: a puppet with more than its account still gets the account's level
    expect(
      hierarchy.check(puppet(['Admin'], account(['Player'], { quelled: true })), 'Admin'),
    ).toBe(false);
    expect(hierarchy.check(puppet(['Player'], quelledDev), 'CanBan')).toBe(false);
    expect(hierarchy.check(puppet(['CanBan'], quelledDev), 'CanBan')).toBe(true);
  });

  it('takes a custom hierarchy', () => {
    const custom = new PermissionHierarchy(['Peasant', 'Noble', 'King']);
    expect(custom.check(account(['King']), 'Noble')).toBe(true);
    expect(custom.check(account(['King']), 'Admin')).toBe(false);
  });
});
