/**
 * All benchmarks: `npm run bench` (or `node --import tsx bench/run.ts [--quick]`).
 *
 * Runs the link throughput benchmark (bench/link-throughput.ts, in a child process) and the
 * reload benchmark (bench/reload.ts), prints both tables, and writes every figure with the
 * machine it ran on to bench/results/latest.json (git-ignored).
 *
 *   default: link throughput at its own defaults (5 s per figure, 1000 sessions);
 *            reload with 0, 50 and 500 sessions, 3 rounds each.
 *   --quick: link throughput at 1 s per figure; reload with 0 and 100 sessions, 2 rounds each
 *            (well under two minutes on a 2-core machine).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release, platform, arch } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { formatReloadTable, runReloadBenchmark, type ReloadReport } from './reload.ts';

const quick = process.argv.includes('--quick');
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('usage: node --import tsx bench/run.ts [--quick]   (npm run bench [-- --quick])');
  process.exit(0);
}

const LINK_SCRIPT = fileURLToPath(new URL('./link-throughput.ts', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

const settings = quick
  ? { linkSeconds: 1, linkSessions: 1000, reloadSessions: [0, 100], reloadRounds: 2 }
  : { linkSeconds: 5, linkSessions: 1000, reloadSessions: [0, 50, 500], reloadRounds: 3 };
/** The link benchmark takes ~4 × (seconds + 0.5) plus start-up; anything far beyond is wedged. */
const LINK_TIMEOUT_MS = (settings.linkSeconds * 4 * 3 + 30) * 1000;

interface ThroughputFigure {
  messagesPerSecond: number;
  megabytesPerSecond: number;
}

interface LinkRow {
  label: string;
  raw: ThroughputFigure;
  link: ThroughputFigure;
  linkToRaw: number;
}

interface LinkReport {
  seconds: number;
  sessions: number;
  rows: LinkRow[];
  messageBytes: { small: number; large: number } | null;
  output: string;
  exitCode: number | null;
  wallMs: number;
  error?: string;
}

const ROW =
  /^(.+?)\s+([\d,]+) msg\/s\s+([\d.]+) MB\/s\s+([\d,]+) msg\/s\s+([\d.]+) MB\/s\s+([\d.]+)\s*$/;
const SIZES = /a message is (\d+) \/ (\d+) bytes/;

function parseLinkOutput(output: string): Pick<LinkReport, 'rows' | 'messageBytes'> {
  const num = (s: string): number => Number(s.replaceAll(',', ''));
  const rows: LinkRow[] = [];
  for (const line of output.split('\n')) {
    const m = ROW.exec(line);
    if (!m) continue;
    rows.push({
      label: m[1]!.trim(),
      raw: { messagesPerSecond: num(m[2]!), megabytesPerSecond: num(m[3]!) },
      link: { messagesPerSecond: num(m[4]!), megabytesPerSecond: num(m[5]!) },
      linkToRaw: num(m[6]!),
    });
  }
  const sizes = SIZES.exec(output);
  return {
    rows,
    messageBytes: sizes ? { small: Number(sizes[1]), large: Number(sizes[2]) } : null,
  };
}

function runLinkThroughput(): Promise<LinkReport> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        LINK_SCRIPT,
        '--seconds',
        String(settings.linkSeconds),
        '--sessions',
        String(settings.linkSessions),
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => {
      out.push(d);
      process.stdout.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      out.push(d);
      process.stderr.write(d);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    }, LINK_TIMEOUT_MS);
    const finish = (exitCode: number | null, error?: string): void => {
      clearTimeout(timer);
      const output = Buffer.concat(out).toString();
      const parsed = parseLinkOutput(output);
      const problem =
        error ??
        (timedOut
          ? `timed out after ${LINK_TIMEOUT_MS / 1000} s`
          : exitCode !== 0
            ? `exited with code ${exitCode}`
            : parsed.rows.length === 0
              ? 'printed no figures'
              : undefined);
      resolve({
        seconds: settings.linkSeconds,
        sessions: settings.linkSessions,
        ...parsed,
        output,
        exitCode,
        wallMs: performance.now() - started,
        ...(problem === undefined ? {} : { error: problem }),
      });
    };
    child.once('error', (err) => finish(null, err.message));
    child.once('close', (code) => finish(code));
  });
}

function machine(): Record<string, unknown> {
  const list = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: platform(),
    arch: arch(),
    osRelease: release(),
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpuCores: list.length,
    totalMemoryMB: Math.round(totalmem() / 2 ** 20),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const date = new Date().toISOString();
  const host = machine();
  console.log(
    `Waystone benchmarks (${quick ? 'quick' : 'full'}) — ${date}, Node ${host['node']}, ` +
      `${host['cpuModel']} × ${host['cpuCores']}`,
  );
  console.log('');

  const link = await runLinkThroughput();
  if (link.error) console.log(`! link throughput: ${link.error}`);
  console.log('');

  let reload: ReloadReport | null = null;
  let reloadError: string | undefined;
  try {
    reload = await runReloadBenchmark({
      sessions: settings.reloadSessions,
      rounds: settings.reloadRounds,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    console.log(formatReloadTable(reload));
  } catch (err) {
    reloadError = (err as Error).message;
    console.log(`! reload: ${reloadError}`);
  }

  const wallMs = performance.now() - started;
  const report = {
    date,
    mode: quick ? 'quick' : 'full',
    machine: host,
    settings,
    wallMs: Math.round(wallMs),
    linkThroughput: link,
    reload: reload ?? { error: reloadError },
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log('');
  console.log(`wall time ${(wallMs / 1000).toFixed(1)} s; report written to ${RESULTS_FILE}`);

  const reloadBroken =
    reload === null ||
    reload.rows.some(
      (r) =>
        r.error !== undefined || r.dropped > 0 || r.heldExecuted !== r.heldSent || r.heldEarly > 0,
    );
  process.exitCode = link.error || reloadBroken ? 1 : 0;
}

await main();
