import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  ConnectionAdmission,
  REFUSAL_MESSAGES,
  type AdmissionLimits,
  type AdmitResult,
} from './connection-admission.ts';

function setup(limits: Partial<AdmissionLimits> = {}) {
  let now = 1_000_000;
  const lines: Array<Record<string, unknown>> = [];
  const log = pino(
    { level: 'info', base: null, timestamp: false },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const admission = new ConnectionAdmission(
    {
      maxConnections: 1000,
      maxPerAddress: 3,
      newPerAddress: 5,
      newWindowMs: 10_000,
      exempt: ['127.0.0.1', '::1'],
      ...limits,
    },
    log,
    () => now,
  );
  return {
    admission,
    lines,
    advance: (ms: number) => (now += ms),
  };
}

function codeOf(result: AdmitResult): string {
  return result.ok ? 'ok' : result.refusal.code;
}

describe('ConnectionAdmission', () => {
  it('caps connections open at once per address, not across addresses', () => {
    const { admission } = setup();
    const held = [1, 2, 3].map(() => admission.admit('203.0.113.1', 'telnetPort'));
    expect(held.map(codeOf)).toEqual(['ok', 'ok', 'ok']);
    const fourth = admission.admit('203.0.113.1', 'webPort');
    expect(codeOf(fourth)).toBe('ADDRESS_CONNECTION_LIMIT');
    expect(!fourth.ok && fourth.refusal.message).toBe(REFUSAL_MESSAGES.ADDRESS_CONNECTION_LIMIT);
    expect(codeOf(admission.admit('203.0.113.2', 'telnetPort'))).toBe('ok');
    // One closes: the address may connect again.
    if (held[0]!.ok) held[0]!.release();
    expect(codeOf(admission.admit('203.0.113.1', 'telnetPort'))).toBe('ok');
  });

  it('counts IPv4-mapped and plain IPv4 as one address, and an IPv6 /64 as one', () => {
    const { admission } = setup();
    admission.admit('::ffff:203.0.113.9', 'telnetPort');
    admission.admit('203.0.113.9', 'telnetPort');
    admission.admit('203.0.113.9', 'telnetPort');
    expect(codeOf(admission.admit('::ffff:203.0.113.9', 'telnetPort'))).toBe(
      'ADDRESS_CONNECTION_LIMIT',
    );
    for (const host of ['1', '2', '3']) admission.admit(`2001:db8:1:2::${host}`, 'sshPort');
    expect(codeOf(admission.admit('2001:db8:1:2:ffff::9', 'sshPort'))).toBe(
      'ADDRESS_CONNECTION_LIMIT',
    );
    expect(codeOf(admission.admit('2001:db8:1:3::1', 'sshPort'))).toBe('ok');
  });

  it('limits new connections per address: a burst, then a steady rate', () => {
    const { admission, advance } = setup({ maxPerAddress: 0 });
    const results = Array.from({ length: 7 }, () => codeOf(admission.admit('198.51.100.4', 't')));
    expect(results).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      ...Array(2).fill('ADDRESS_CONNECTION_RATE'),
    ]);
    // 5 per 10 s: one more every 2 s.
    advance(1_999);
    expect(codeOf(admission.admit('198.51.100.4', 't'))).toBe('ADDRESS_CONNECTION_RATE');
    advance(1);
    expect(codeOf(admission.admit('198.51.100.4', 't'))).toBe('ok');
    expect(codeOf(admission.admit('198.51.100.5', 't'))).toBe('ok');
  });

  it('exempts the listed addresses from per-address limits, not from the global cap', () => {
    const { admission } = setup({ maxConnections: 12 });
    for (let i = 0; i < 10; i += 1)
      expect(codeOf(admission.admit(i % 2 ? '127.0.0.1' : '::ffff:127.0.0.1', 't'))).toBe('ok');
    expect(codeOf(admission.admit('127.0.0.2', 't'))).toBe('ok');
    expect(codeOf(admission.admit('::1', 't'))).toBe('ok');
    expect(codeOf(admission.admit('127.0.0.1', 't'))).toBe('CONNECTIONS_FULL');
    expect(admission.open).toBe(12);
  });

  it('refuses everyone at the global cap and logs it rate-limited', () => {
    const { admission, lines } = setup({ maxConnections: 2, maxPerAddress: 0, newPerAddress: 0 });
    const a = admission.admit('192.0.2.1', 't');
    admission.admit('192.0.2.2', 't');
    for (let i = 0; i < 1000; i += 1) admission.admit(`192.0.2.${i % 250}`, 't');
    const full = lines.filter((l) => l['code'] === 'CONNECTIONS_FULL');
    expect(full.length).toBeLessThanOrEqual(5);
    expect(full[0]).toMatchObject({ level: 40, port: 't' });
    expect(String(full[0]!['msg'])).toContain('maxConnections 2');
    if (a.ok) a.release();
    expect(codeOf(admission.admit('192.0.2.3', 't'))).toBe('ok');
  });

  it('releases a ticket once however often it is given back', () => {
    const { admission } = setup();
    const t = admission.admit('192.0.2.7', 't');
    admission.admit('192.0.2.7', 't');
    if (t.ok) {
      t.release();
      t.release();
    }
    expect(admission.open).toBe(1);
    admission.close();
  });
});
