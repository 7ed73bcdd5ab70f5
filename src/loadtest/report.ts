/**
 * The load test's final report: one JSON file with every figure, and one self-contained HTML
 * page (inline SVG charts, inline style, no script, nothing fetched) a game author can open
 * from disk or attach to an issue. Throughput is given as a ratio against the raw-echo
 * baseline when one ran; the driver's own CPU is beside every figure, so a reader can tell
 * when the driver, not the game, was the limit.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from './run.ts';
import { escapeXml, histogramChart, lineChart } from './svg-chart.ts';

export interface TargetInfo {
  description: string;
  /** True when the load tester started the game itself (and relaxed its throttles). */
  startedByTool: boolean;
  /** Settings changed for the run (name → value); empty when the tool did not start the game. */
  relaxedSettings: Record<string, string>;
}

export interface LoadtestReport {
  tool: string;
  date: string;
  machine: Record<string, string | number>;
  command: string;
  target: TargetInfo;
  run: RunResult;
  baseline: RunResult | null;
  /** run.actionsPerSecond / baseline.actionsPerSecond. */
  throughputRatio: number | null;
  /** Portal + Server RSS (MB) after the ramp and at the end, when the tool started the game. */
  gameMemory: { afterRampMb: number | null; beforeRampMb: number | null } | null;
  notes: string[];
}

export function machineInfo(): Record<string, string | number> {
  const list = cpus();
  return {
    node: process.version,
    platform: platform(),
    arch: arch(),
    osRelease: release(),
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpuCores: list.length,
    totalMemoryMB: Math.round(totalmem() / 2 ** 20),
  };
}

const f = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits);
const int = (v: number): string =>
  Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '-';

/** The report's summary as plain text lines (also printed at the end of a run). */
export function summaryLines(report: LoadtestReport): string[] {
  const r = report.run;
  const lines = [
    `${r.label}: ${r.players} players (${Object.entries(r.mix)
      .map(([k, v]) => `${k} ${Math.round(v * 100)}%`)
      .join(
        ', ',
      )}), ${r.pace.mode === 'closed' ? 'closed loop' : `${r.pace.perPlayerPerSecond}/s each`}, ${f(r.measuredSeconds)} s measured`,
    `  logged in ${r.loggedIn}/${r.players} in ${f(r.rampSeconds)} s (login p50 ${f(r.login.p50)} ms, p99 ${f(r.login.p99)} ms)` +
      (r.loginThrottled ? `; ${r.loginThrottled} logins THROTTLED by the game` : '') +
      (r.loginFailed ? `; ${r.loginFailed} refused` : '') +
      (r.loginTimeouts ? `; ${r.loginTimeouts} timed out` : '') +
      (r.connectErrors ? `; ${r.connectErrors} could not connect` : ''),
    ...rampCpuLines(r),
    `  ${int(r.actionsPerSecond)} actions/s, latency p50 ${f(r.latency.p50, 2)} ms, p99 ${f(r.latency.p99, 2)} ms, max ${f(r.latency.max, 1)} ms` +
      (r.deliveriesPerSecond > 0 ? `, ${int(r.deliveriesPerSecond)} deliveries/s` : '') +
      `; driver CPU ${f(r.driverCpuPercent, 0)}%`,
  ];
  if (r.timeouts || r.overruns || r.closedByServer || r.actionErrors)
    lines.push(
      `  ${r.timeouts} replies timed out, ${r.actionErrors} failed, ${r.overruns} paced turns skipped (player still waiting), ${r.closedByServer} connections closed by the server`,
    );
  if (report.baseline) {
    const b = report.baseline;
    lines.push(
      `  raw-echo baseline: ${int(b.actionsPerSecond)} actions/s, p50 ${f(b.latency.p50, 2)} ms, p99 ${f(b.latency.p99, 2)} ms; driver CPU ${f(b.driverCpuPercent, 0)}%`,
      `  throughput ratio game/baseline: ${f(report.throughputRatio, 3)}`,
    );
  }
  const mem = report.gameMemory;
  if (mem && mem.afterRampMb !== null && mem.beforeRampMb !== null && r.loggedIn > 0)
    lines.push(
      `  game memory (Portal + Server RSS): ${f(mem.beforeRampMb, 0)} MB with 0 players, ` +
        `${f(mem.afterRampMb, 0)} MB with ${r.loggedIn} ` +
        `(${f(((mem.afterRampMb - mem.beforeRampMb) * 1024) / r.loggedIn, 1)} KB per player)`,
    );
  if (report.target.startedByTool) {
    const relaxed = Object.entries(report.target.relaxedSettings);
    lines.push(
      `  the tool started the game and relaxed: ${relaxed.map(([k, v]) => `${k}=${v}`).join(', ') || 'nothing'}`,
    );
  } else {
    lines.push('  against a running game: its throttles were left as they are');
  }
  for (const n of report.notes) lines.push(`  note: ${n}`);
  return lines;
}

/** Logins per second over the ramp and, when known, the game's CPU per login. */
function rampCpuLines(r: RunResult): string[] {
  if (r.loggedIn === 0) return [];
  const rate = `  ${f(r.loggedIn / r.rampSeconds)} logins/s`;
  if (!r.rampCpu || r.rampCpu.length === 0) return [rate];
  const used = r.rampCpu.filter((p) => p.seconds > 0);
  const total = used.reduce((sum, p) => sum + p.seconds, 0);
  const each = used.map((p) => `${p.role} ${f(p.seconds)} s`).join(', ');
  return [
    `${rate}; game CPU during the ramp ${f(total)} s (${each}), ` +
      `${f((total * 1000) / r.loggedIn, 2)} ms per login`,
  ];
}

function runTable(r: RunResult): string {
  const rows: Array<[string, string]> = [
    ['target', r.target],
    ['profile', r.profile],
    [
      'players',
      `${r.players} (${Object.entries(r.mix)
        .map(([k, v]) => `${k} ${Math.round(v * 100)}%`)
        .join(', ')})`,
    ],
    [
      'pace',
      r.pace.mode === 'closed'
        ? 'closed loop (flat out)'
        : `${r.pace.perPlayerPerSecond} actions/s per player`,
    ],
    ['logged in', `${r.loggedIn} of ${r.players} in ${f(r.rampSeconds)} s`],
    ['login time', `p50 ${f(r.login.p50)} ms, p99 ${f(r.login.p99)} ms`],
    [
      'throttled / refused / timed-out logins',
      `${r.loginThrottled} / ${r.loginFailed} / ${r.loginTimeouts}`,
    ],
    ['measured', `${f(r.measuredSeconds)} s after ${r.warmupSeconds} s warm-up`],
    ['actions', `${int(r.actions)} (${int(r.actionsPerSecond)}/s)`],
    ['deliveries', `${int(r.deliveries)} (${int(r.deliveriesPerSecond)}/s)`],
    [
      'latency',
      `p50 ${f(r.latency.p50, 2)}, p90 ${f(r.latency.p90, 2)}, p99 ${f(r.latency.p99, 2)}, p99.9 ${f(r.latency.p999, 2)}, max ${f(r.latency.max, 2)} ms`,
    ],
    [
      'timeouts / overruns / closed by server',
      `${r.timeouts} / ${r.overruns} / ${r.closedByServer}`,
    ],
    ['driver CPU', `${f(r.driverCpuPercent, 0)}% of one core`],
  ];
  const perAction = Object.entries(r.perAction)
    .map(
      ([k, s]) =>
        `<tr><td>${escapeXml(k)}</td><td>${int(s.count)}</td><td>${f(s.p50, 2)}</td><td>${f(s.p99, 2)}</td><td>${f(s.max, 2)}</td></tr>`,
    )
    .join('\n');
  const errors = Object.entries(r.errors)
    .map(([k, n]) => `<li>${escapeXml(k)} (${n})</li>`)
    .join('\n');
  return [
    '<table>',
    ...rows.map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td>${escapeXml(v)}</td></tr>`),
    '</table>',
    perAction
      ? `<h3>Per action</h3><table><tr><th>action</th><th>n</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th></tr>${perAction}</table>`
      : '',
    errors ? `<h3>Errors seen</h3><ul>${errors}</ul>` : '',
  ].join('\n');
}

function runCharts(r: RunResult): string {
  const t = r.timeline;
  return [
    lineChart(
      `${r.label}: latency over time`,
      'seconds since start',
      [
        { name: 'p50 ms', points: t.map((p) => [p.t, p.p50]) },
        { name: 'p99 ms', points: t.map((p) => [p.t, p.p99]) },
        { name: 'actions/s (right)', points: t.map((p) => [p.t, p.actionsPerSecond]), right: true },
      ],
      ['latency, ms', 'actions/s'],
    ),
    lineChart(
      `${r.label}: players and driver CPU`,
      'seconds since start',
      [
        { name: 'logged in', points: t.map((p) => [p.t, p.loggedIn]) },
        { name: 'driver CPU % (right)', points: t.map((p) => [p.t, p.driverCpu]), right: true },
        ...(t.some((p) => p.gameCpu !== null)
          ? [
              {
                name: 'game CPU % (right)',
                points: t.map((p): [number, number | null] => [p.t, p.gameCpu]),
                right: true,
              },
            ]
          : []),
        ...(t.some((p) => p.gameRssMb !== null)
          ? [
              {
                name: 'game RSS MB (right)',
                points: t.map((p): [number, number | null] => [p.t, p.gameRssMb]),
                right: true,
              },
            ]
          : []),
      ],
      ['players', 'CPU % / MB'],
    ),
    histogramChart(`${r.label}: latency histogram (measured window)`, r.latencyBuckets),
  ].join('\n');
}

export function renderHtml(report: LoadtestReport): string {
  const sections = [report.run, ...(report.baseline ? [report.baseline] : [])].map(
    (r) => `<section><h2>${escapeXml(r.label)}</h2>\n${runTable(r)}\n${runCharts(r)}</section>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Waystone load test ${escapeXml(report.date)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;font-size:.9rem}
th{background:#f4f4f4}pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap}svg{display:block;margin:.5rem 0;max-width:100%;height:auto}
</style></head><body>
<h1>Waystone load test</h1>
<pre>${escapeXml(summaryLines(report).join('\n'))}</pre>
<p>${escapeXml(report.date)} · ${escapeXml(String(report.machine['cpuModel']))} × ${escapeXml(String(report.machine['cpuCores']))} · Node ${escapeXml(String(report.machine['node']))} · <code>${escapeXml(report.command)}</code></p>
<p>Target: ${escapeXml(report.target.description)}</p>
${sections.join('\n')}
</body></html>
`;
}

/** Write `<dir>/<name>.json` and `<dir>/<name>.html`; returns both paths. */
export function writeReport(
  report: LoadtestReport,
  dir: string,
  name: string,
): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${name}.json`);
  const html = join(dir, `${name}.html`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(html, renderHtml(report));
  return { json, html };
}
