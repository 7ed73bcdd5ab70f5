import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoProfileFor } from './echo-profile.ts';
import { startEchoServer } from './echo-server.ts';
import { loadProfile, WAYSTONE_PROFILE } from './profile.ts';
import { runLoadtest } from './run.ts';

// The whole engine (players, scheduler, recorder) against the raw-echo server in-process:
// counts must add up; nothing here depends on how fast the machine is.
describe('a load-test run against the raw-echo server', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startEchoServer(0);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const base = () => ({
    label: 'echo',
    target: {
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      protocol: 'telnet' as const,
    },
    profile: echoProfileFor(loadProfile(WAYSTONE_PROFILE)),
    players: 6,
    warmupSeconds: 0,
    durationSeconds: 1,
    createAccounts: false,
    namePrefix: 'T',
    password: 'pw',
    loginConcurrency: 2,
    rampTimeoutMs: 10_000,
    seed: 7,
  });

  it('logs every player in and times every closed-loop reply', async () => {
    const r = await runLoadtest({
      ...base(),
      mix: new Map([['cheap', 1]]),
      pace: { mode: 'closed' },
    });
    expect(r.loggedIn).toBe(6);
    expect(r.login.count).toBe(6);
    expect(r.actions).toBeGreaterThan(0);
    expect(r.latency.count).toBe(r.actions);
    expect(Object.keys(r.perAction)).toEqual(['sessions']);
    expect(r.timeouts + r.actionErrors + r.closedByServer).toBe(0);
    expect(r.driverCpuPercent).toBeGreaterThan(0);
  });

  it('keeps idlers silent and paces the others', async () => {
    const r = await runLoadtest({
      ...base(),
      mix: new Map([
        ['idler', 0.5],
        ['looker', 0.5],
      ]),
      pace: { mode: 'paced', perPlayerPerSecond: 5 },
    });
    expect(r.loggedIn).toBe(6);
    // 3 lookers at 5/s for about a second: a handful each, never the closed-loop flood.
    expect(r.actions).toBeGreaterThan(0);
    expect(r.actions).toBeLessThanOrEqual(3 * 5 * 2);
    expect(Object.keys(r.perAction).sort()).toEqual(expect.arrayContaining(['look']));
  });
});
