import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { BanList, banRefusal } from './bans.ts';

const T0 = Date.UTC(2025, 0, 1);
const details = { reason: 'spam', now: T0, by: 'Admin' };

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('BanList', () => {
  it('bans names case-insensitively, by the same key as name uniqueness', () => {
    const bans = new BanList();
    const ban = bans.banName('  Troll  ', details);
    expect(ban).toEqual({ kind: 'name', name: 'Troll', reason: 'spam', bannedAt: T0, by: 'Admin' });
    expect(bans.isBanned({ name: 'TROLL', ip: '1.2.3.4' })).toBe(ban);
    expect(bans.isBanned({ name: 'ｔｒｏｌｌ', ip: '1.2.3.4' })).toBe(ban);
    expect(bans.isBanned({ name: 'Trolls', ip: '1.2.3.4' })).toBeNull();
    expect(bans.isBanned({ ip: '1.2.3.4' })).toBeNull();
  });

  it('bans IPs by address, CIDR and trailing-* pattern', () => {
    const bans = new BanList();
    const exact = bans.banIp('203.0.113.7', details);
    const cidr = bans.banIp('10.0.0.0/8', details);
    const glob = bans.banIp('192.168.*', details);
    expect(bans.isBanned({ ip: '203.0.113.7' })).toBe(exact);
    expect(bans.isBanned({ name: 'Ann', ip: '10.3.4.5' })).toBe(cidr);
    expect(bans.isBanned({ ip: '::ffff:192.168.0.9' })).toBe(glob);
    expect(bans.isBanned({ ip: '8.8.8.8' })).toBeNull();
  });

  it('reports the name ban first when both apply', () => {
    const bans = new BanList();
    bans.banIp('10.0.0.0/8', details);
    const byName = bans.banName('Troll', details);
    expect(bans.isBanned({ name: 'troll', ip: '10.0.0.1' })).toBe(byName);
  });

  it('refuses bad patterns with BAN_PATTERN_INVALID and a message saying what works', () => {
    const bans = new BanList();
    const err = caught(() => bans.banIp('(a+)+$', details));
    expect(isWaystoneError(err, 'BAN_PATTERN_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(/10\.0\.0\.0\/8/);
    expect(
      isWaystoneError(
        caught(() => bans.banName('   ', details)),
        'BAN_PATTERN_INVALID',
      ),
    ).toBe(true);
    expect(bans.list()).toEqual([]);
  });

  it('lists in ban order, replaces re-bans and unbans', () => {
    const bans = new BanList();
    bans.banName('Troll', details);
    bans.banIp('10.0.0.0/8', details);
    bans.banName('TROLL', { reason: 'again', now: T0 + 1 });
    expect(bans.list().map((b) => [b.kind, b.reason])).toEqual([
      ['ip', 'spam'],
      ['name', 'again'],
    ]);
    expect(bans.unbanName('troll')).toBe(true);
    expect(bans.unbanName('troll')).toBe(false);
    expect(bans.unbanIp(' 10.0.0.0/8 ')).toBe(true);
    expect(bans.unbanIp('not a pattern')).toBe(false);
    expect(bans.list()).toEqual([]);
  });

  it('round-trips through JSON for storage', () => {
    const bans = new BanList();
    bans.banName('Troll', details);
    bans.banIp('2001:DB8::/32', { reason: 'botnet', now: T0 });
    const restored = BanList.fromJSON(JSON.parse(JSON.stringify(bans)));
    expect(restored.list()).toEqual(bans.list());
    expect(restored.isBanned({ ip: '2001:db8::5' })).toMatchObject({ reason: 'botnet', by: null });
  });

  it('rejects a malformed saved list with BAN_LIST_INVALID', () => {
    const ban = { kind: 'ip', pattern: '10.*.1', reason: '', bannedAt: T0, by: null };
    for (const bad of [null, { version: 1 }, { version: 1, bans: [{ kind: 'regex' }] }]) {
      expect(
        isWaystoneError(
          caught(() => BanList.fromJSON(bad)),
          'BAN_LIST_INVALID',
        ),
      ).toBe(true);
    }
    const err = caught(() => BanList.fromJSON({ version: 1, bans: [ban] }));
    expect(isWaystoneError(err, 'BAN_LIST_INVALID')).toBe(true);
  });

  it('tells the banned player without revealing the reason', () => {
    expect(banRefusal()).toMatchObject({ ok: false, code: 'BANNED' });
    expect(banRefusal().message).toMatch(/banned/);
  });
});
