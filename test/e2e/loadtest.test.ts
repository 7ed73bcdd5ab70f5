/**
 * Black-box: `waystone loadtest` starts a game of its own, drives it for a few seconds with a
 * mix of players and the raw-echo baseline, and leaves a sane JSON + HTML report behind. No
 * figure is checked against a speed: only that what was measured adds up.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadtestReport } from '../../src/loadtest/report.ts';
import { runLauncher } from '../support/game-process.ts';

describe('waystone loadtest', () => {
  it('drives a game it starts and the raw-echo baseline, and writes the report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'loadtest-e2e-'));
    const { code, out: text } = await runLauncher([
      'loadtest',
      '--start',
      '--fast-hashing',
      '--players',
      '12',
      '--mix',
      'looker=1,talker=1,walker=1,idler=1',
      '--rate',
      '2',
      '--warmup',
      '1',
      '--duration',
      '3',
      '--baseline',
      '--out',
      out,
      '--name',
      'run',
    ]);
    expect(code, text).toBe(0);
    expect(text).toMatch(/the tool started the game and relaxed: .*loginFailureLimit=/);

    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as LoadtestReport;
    const run = report.run;
    expect(run.loggedIn).toBe(12);
    expect(run.loginThrottled + run.loginFailed + run.loginTimeouts).toBe(0);
    expect(run.actions).toBeGreaterThan(0);
    expect(run.latency.count).toBe(run.actions);
    expect(run.latency.p50).toBeLessThanOrEqual(run.latency.p99);
    // Talkers' says reach the other players in Limbo, counted at the driver.
    expect(run.deliveries).toBeGreaterThan(0);
    expect(Object.keys(run.perAction)).toEqual(expect.arrayContaining(['say', 'look']));
    expect(run.timeline.length).toBeGreaterThan(0);
    expect(report.target.startedByTool).toBe(true);
    expect(report.baseline?.loggedIn).toBe(12);
    expect(report.throughputRatio).toBeGreaterThan(0);

    const html = readFileSync(join(out, 'run.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|src=/);
  });

  it('explains a broken profile file instead of running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadtest-e2e-'));
    const profile = join(dir, 'broken.json');
    writeFileSync(
      profile,
      JSON.stringify({
        name: 'x',
        greeting: null,
        login: { connect: [] },
        actions: {},
        players: { a: { weight: 1, actions: { look: 1 } } },
      }),
    );
    const { code, out } = await runLauncher(['loadtest', '--profile', profile, '--port', '4000']);
    expect(code).toBe(2);
    expect(out).toMatch(/player "a" uses action "look", which is not in "actions"/);
  });
});
