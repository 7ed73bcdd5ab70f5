import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.ts';
import {
  machineInfo,
  renderHtml,
  summaryLines,
  writeReport,
  type LoadtestReport,
} from './report.ts';
import type { RunResult } from './run.ts';

function run(label: string, actionsPerSecond: number): RunResult {
  const h = new Histogram();
  for (let i = 1; i <= 100; i++) h.recordMs(i / 10);
  return {
    label,
    target: 'telnet://127.0.0.1:4000',
    profile: 'waystone',
    players: 10,
    mix: { looker: 1 },
    pace: { mode: 'closed' },
    warmupSeconds: 1,
    measuredSeconds: 2,
    connected: 10,
    loggedIn: 10,
    connectErrors: 0,
    loginThrottled: 2,
    loginFailed: 0,
    loginTimeouts: 0,
    closedByServer: 0,
    rampSeconds: 0.5,
    rampCpu: [
      { pid: 11, role: 'Portal', seconds: 0.2 },
      { pid: 12, role: 'Server', seconds: 0.3 },
    ],
    login: h.summary(),
    actions: actionsPerSecond * 2,
    actionsPerSecond,
    deliveries: 0,
    deliveriesPerSecond: 0,
    timeouts: 0,
    actionErrors: 0,
    overruns: 0,
    latency: h.summary(),
    latencyBuckets: h.buckets(),
    perAction: { '<look>': h.summary() },
    driverCpuPercent: 42,
    errors: { 'closed by the <server>': 1 },
    timeline: [
      {
        t: 1,
        phase: 'measure',
        connected: 10,
        loggedIn: 10,
        actionsPerSecond: 5,
        deliveriesPerSecond: 0,
        p50: 1,
        p99: 2,
        errors: 0,
        driverCpu: 40,
        gameRssMb: 120,
        gameCpu: 80,
      },
      {
        t: 2,
        phase: 'measure',
        connected: 10,
        loggedIn: 10,
        actionsPerSecond: 6,
        deliveriesPerSecond: 0,
        p50: null,
        p99: null,
        errors: 0,
        driverCpu: 44,
        gameRssMb: 121,
        gameCpu: null,
      },
    ],
    timelineTruncated: false,
  };
}

const report: LoadtestReport = {
  tool: 'waystone loadtest',
  date: '2026-01-01T00:00:00.000Z',
  machine: machineInfo(),
  command: 'waystone loadtest --start',
  target: { description: 'a game', startedByTool: false, relaxedSettings: {} },
  run: run('game', 500),
  baseline: run('raw-echo baseline', 1000),
  throughputRatio: 0.5,
  gameMemory: null,
  notes: ['2 logins were throttled by the game'],
};

describe('the load-test report', () => {
  it('writes JSON that reads back with every figure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lt-report-'));
    const files = writeReport(report, dir, 'r');
    const back = JSON.parse(readFileSync(files.json, 'utf8')) as LoadtestReport;
    expect(back.run.actionsPerSecond).toBe(500);
    expect(back.throughputRatio).toBe(0.5);
    expect(back.run.timeline).toHaveLength(2);
    expect(readFileSync(files.html, 'utf8')).toContain('<svg');
  });

  it('is one self-contained page: no script, no external resource, text escaped', () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('&lt;look&gt;');
    expect(html).not.toContain('<server>');
    // Two runs, each with two line charts and a histogram.
    expect(html.match(/<svg/g)).toHaveLength(6);
  });

  it('says in its summary how throttles were treated and the ratio to the baseline', () => {
    const lines = summaryLines(report).join('\n');
    expect(lines).toMatch(/2 logins THROTTLED/);
    expect(lines).toMatch(/throttles were left as they are/);
    expect(lines).toMatch(/ratio game\/baseline: 0\.500/);
    // 10 logins in 0.5 s, for 0.5 s of the game's CPU.
    expect(lines).toContain(
      '20.0 logins/s; game CPU during the ramp 0.5 s (Portal 0.2 s, Server 0.3 s), 50.00 ms per login',
    );
    const started = summaryLines({
      ...report,
      target: {
        description: 'x',
        startedByTool: true,
        relaxedSettings: { loginFailureLimit: '1000000' },
      },
    }).join('\n');
    expect(started).toMatch(/relaxed: loginFailureLimit=1000000/);
  });
});
