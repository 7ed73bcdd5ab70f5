/**
 * Reload: how long `reload` takes with N players connected, and whether it keeps its promise
 * (nobody dropped, a line typed during the reload runs afterwards).
 *
 *   node --import tsx bench/reload.ts [--sessions N,N,...] [--rounds R] [--json FILE]
 *
 * For each session count (default 0,50,500) a real game is started (Portal + Server, every
 * port chosen by the OS), N real telnet connections are opened and each waits for its
 * connection screen. Then, R times (default 3), the launcher's admin request `adminReload` is
 * sent and the benchmark measures:
 *
 *   reload ms     – from sending adminReload until the Portal's reply (the new Server has
 *                   rebuilt every session);
 *   notified ms   – from sending adminReload until every client has received
 *                   `... Server restarted.`;
 *   dropped       – connections closed by the game during the rounds (should be 0);
 *   held          – each client types `info` as soon as it sees `Server restart initiated ...`;
 *                   the Portal must hold it and hand it to the new Server. Counted as executed
 *                   when its reply (`## BEGIN INFO`) arrives after `... Server restarted.`.
 *
 * The ratio column compares each row's median reload with the 0-session reload of the same
 * run (the baseline: what a reload costs with nobody connected, mostly Server start-up).
 * Everything is bounded in time; games are stopped at the end, also on error.
 */
import { performance } from 'node:perf_hooks';
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminClient } from '../src/cli/admin-client.ts';
import { readLinkSecret } from '../src/shared/link-secret.ts';
import { GameProcess } from '../test/support/game-process.ts';
import { TelnetClient } from '../test/support/telnet-client.ts';

const RESTART_INITIATED = 'Server restart initiated';
const RESTARTED = '... Server restarted.';
const INFO_REPLY = '## BEGIN INFO';
const SCREEN_END = 'Type help.';

/** Bounds (ms). A default run takes well under these; they only stop a wedged run. */
const START_GAME_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 30_000;
const ADMIN_TIMEOUT_MS = 45_000;
const NOTIFY_TIMEOUT_MS = 45_000;
const HELD_REPLY_TIMEOUT_MS = 10_000;
/** Connections opened at once while filling a game (the listen backlog is finite). */
const CONNECT_BATCH = 100;

export interface ReloadRound {
  round: number;
  ok: boolean;
  adminMessage: string;
  /** adminReload sent → admin reply. */
  reloadMs: number;
  /** adminReload sent → last client received `... Server restarted.` (null with no clients, or if some never did). */
  allNotifiedMs: number | null;
  /** Clients that received `... Server restarted.` this round. */
  notified: number;
  /** Connections the game closed during this round. */
  dropped: number;
  heldSent: number;
  /** Held lines whose reply came after `... Server restarted.` (run by the new Server). */
  heldExecuted: number;
  /** Held lines whose reply came before `... Server restarted.` (should never happen). */
  heldEarly: number;
  /** Sessions the Portal reported right after the round. */
  portalSessions: number;
  serverPidBefore: number | null;
  serverPidAfter: number | null;
}

export interface ReloadRow {
  sessions: number;
  /** Time to open N connections and see every connection screen. */
  connectMs: number;
  gameStartMs: number;
  rounds: ReloadRound[];
  medianReloadMs: number;
  maxReloadMs: number;
  medianAllNotifiedMs: number | null;
  dropped: number;
  heldExecuted: number;
  heldSent: number;
  heldEarly: number;
  /** medianReloadMs / the 0-session median of the same run (null without a baseline). */
  ratioToBaseline: number | null;
  error?: string;
}

export interface ReloadReport {
  sessionCounts: number[];
  rounds: number;
  baselineMedianReloadMs: number | null;
  rows: ReloadRow[];
  wallMs: number;
}

export interface ReloadOptions {
  sessions: number[];
  rounds: number;
  /** Progress lines (to stderr by default). */
  log?: (line: string) => void;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function withTimeout<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function connectClients(port: number, n: number): Promise<TelnetClient[]> {
  const clients: TelnetClient[] = [];
  try {
    for (let i = 0; i < n; i += CONNECT_BATCH) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(CONNECT_BATCH, n - i) }, () => TelnetClient.open(port)),
      );
      clients.push(...batch);
    }
    await Promise.all(clients.map((c) => c.waitFor(SCREEN_END, CONNECT_TIMEOUT_MS)));
    return clients;
  } catch (err) {
    for (const c of clients) c.close();
    throw err;
  }
}

/** One reload with every client playing its part; never throws for a client's failure. */
async function reloadRound(
  admin: AdminClient,
  clients: TelnetClient[],
  round: number,
): Promise<ReloadRound> {
  const closedBefore = clients.filter((c) => c.isClosed).length;
  const before = await admin.status();
  const marks = clients.map((c) => c.text.length);

  // Each client: on `Server restart initiated`, type `info` (the Portal must hold it); then
  // note when `... Server restarted.` arrives.
  const perClient = clients.map(async (c, i) => {
    const result = { sent: false, notifiedAt: null as number | null, initiatedAt: -1 };
    try {
      await c.waitFor(RESTART_INITIATED, NOTIFY_TIMEOUT_MS, marks[i]);
      result.initiatedAt = c.text.indexOf(RESTART_INITIATED, marks[i]);
      c.send('info');
      result.sent = true;
      await c.waitFor(RESTARTED, NOTIFY_TIMEOUT_MS, marks[i]);
      result.notifiedAt = performance.now();
    } catch {
      // counted below as not notified / not sent
    }
    return result;
  });

  const t0 = performance.now();
  let ok = false;
  let adminMessage: string;
  try {
    const reply = await admin.request({ t: 'adminReload' }, ADMIN_TIMEOUT_MS);
    ok = reply.t === 'adminResult' && reply.ok;
    adminMessage = reply.t === 'adminResult' ? reply.message : `unexpected reply ${reply.t}`;
  } catch (err) {
    adminMessage = `admin request failed: ${(err as Error).message}`;
  }
  const reloadMs = performance.now() - t0;

  const results = await Promise.all(perClient);
  const notifiedTimes = results.flatMap((r) => (r.notifiedAt === null ? [] : [r.notifiedAt]));
  const allNotifiedMs =
    clients.length > 0 && notifiedTimes.length === clients.length
      ? Math.max(...notifiedTimes) - t0
      : null;

  // The held `info` lines: wait (bounded) for each reply, then check it came after the
  // restart notice, i.e. the new Server ran it.
  let heldExecuted = 0;
  let heldEarly = 0;
  await Promise.all(
    clients.map(async (c, i) => {
      const r = results[i]!;
      if (!r.sent) return;
      try {
        await c.waitFor(INFO_REPLY, HELD_REPLY_TIMEOUT_MS, r.initiatedAt);
      } catch {
        return;
      }
      const replyAt = c.text.indexOf(INFO_REPLY, r.initiatedAt);
      const restartedAt = c.text.indexOf(RESTARTED, marks[i]);
      if (restartedAt !== -1 && replyAt > restartedAt) heldExecuted++;
      else heldEarly++;
    }),
  );

  const after = await admin.status().catch(() => null);
  return {
    round,
    ok,
    adminMessage,
    reloadMs,
    allNotifiedMs,
    notified: notifiedTimes.length,
    dropped: clients.filter((c) => c.isClosed).length - closedBefore,
    heldSent: results.filter((r) => r.sent).length,
    heldExecuted,
    heldEarly,
    portalSessions: after?.sessions.total ?? -1,
    serverPidBefore: before.server.pid,
    serverPidAfter: after?.server.pid ?? null,
  };
}

/** A round that kept every promise: reload ok, nobody dropped, every held line run after it. */
function roundClean(r: ReloadRound, sessions: number): boolean {
  return (
    r.ok &&
    r.dropped === 0 &&
    r.heldEarly === 0 &&
    r.heldSent === sessions &&
    r.heldExecuted === sessions &&
    r.notified === sessions &&
    r.portalSessions === sessions
  );
}

function summarize(
  sessions: number,
  connectMs: number,
  gameStartMs: number,
  rounds: ReloadRound[],
  error?: string,
): ReloadRow {
  // Times only from reloads that succeeded; counts from every round.
  const okRounds = rounds.filter((r) => r.ok);
  const reloads = okRounds.map((r) => r.reloadMs);
  const notified = okRounds.flatMap((r) => (r.allNotifiedMs === null ? [] : [r.allNotifiedMs]));
  return {
    sessions,
    connectMs,
    gameStartMs,
    rounds,
    medianReloadMs: median(reloads),
    maxReloadMs: reloads.length ? Math.max(...reloads) : NaN,
    medianAllNotifiedMs:
      notified.length === okRounds.length && notified.length > 0 ? median(notified) : null,
    dropped: rounds.reduce((s, r) => s + r.dropped, 0),
    heldExecuted: rounds.reduce((s, r) => s + r.heldExecuted, 0),
    heldSent: rounds.reduce((s, r) => s + r.heldSent, 0),
    heldEarly: rounds.reduce((s, r) => s + r.heldEarly, 0),
    ratioToBaseline: null,
    ...(error === undefined ? {} : { error }),
  };
}

async function benchOneCount(
  sessions: number,
  rounds: number,
  log: (line: string) => void,
): Promise<ReloadRow> {
  let game: GameProcess | null = null;
  let admin: AdminClient | null = null;
  let clients: TelnetClient[] = [];
  const done: ReloadRound[] = [];
  let connectMs = NaN;
  let gameStartMs = NaN;
  let failed: string | null = null;
  try {
    const t = performance.now();
    game = await withTimeout(
      'starting the game',
      GameProcess.start({
        env: {
          // One line per client per round is far below any cap; raise it anyway so the
          // benchmark never measures the rate limiter.
          WAYSTONE_MAX_INPUT_RATE: '100000',
          WAYSTONE_LOG_LEVEL: 'info',
        },
      }),
      START_GAME_TIMEOUT_MS,
    );
    gameStartMs = performance.now() - t;
    const c0 = performance.now();
    clients = await connectClients(game.telnetPort, sessions);
    connectMs = performance.now() - c0;
    admin = await AdminClient.connect({
      host: '127.0.0.1',
      port: game.linkPort,
      secret: readLinkSecret(game.dir),
    });
    const status = await admin.status();
    if (status.sessions.total !== sessions)
      throw new Error(`the Portal reports ${status.sessions.total} sessions, expected ${sessions}`);
    log(
      `  ${sessions} sessions: game up in ${gameStartMs.toFixed(0)} ms, connected in ${connectMs.toFixed(0)} ms`,
    );
    for (let r = 1; r <= rounds; r++) {
      const round = await reloadRound(admin, clients, r);
      done.push(round);
      log(
        `  ${sessions} sessions, round ${r}: reload ${round.reloadMs.toFixed(0)} ms, ` +
          `notified ${round.allNotifiedMs === null ? '-' : round.allNotifiedMs.toFixed(0)} ms, ` +
          `dropped ${round.dropped}, held ${round.heldExecuted}/${round.heldSent}` +
          (round.heldEarly ? ` (${round.heldEarly} early)` : '') +
          `, portal sessions ${round.portalSessions}` +
          (round.ok ? '' : `, admin said: ${round.adminMessage}`),
      );
      if (!round.ok) throw new Error(`reload failed: ${round.adminMessage}`);
      if (round.serverPidAfter === round.serverPidBefore)
        throw new Error(`the Server pid did not change across a reload (${round.serverPidAfter})`);
    }
    return summarize(sessions, connectMs, gameStartMs, done);
  } catch (err) {
    const message = (err as Error).message;
    failed = message;
    log(`  ${sessions} sessions: FAILED: ${message}`);
    if (game) {
      const portalTail = game.portalLog().trim().split('\n').slice(-15).join('\n');
      if (portalTail) log(`  last Portal log lines:\n${portalTail}`);
    }
    return summarize(sessions, connectMs, gameStartMs, done, message);
  } finally {
    admin?.close();
    for (const c of clients) c.close();
    if (game) {
      await withTimeout('stopping the game', game.stop(), 20_000).catch(() => undefined);
      // Whatever is left (a Portal that would not stop, a Server orphaned by a dead Portal).
      try {
        game.killAll();
      } catch {
        // no run files left: nothing to kill
      }
      // Keep the game directory (its logs) only when something went wrong.
      const anomaly = done.some((r) => !roundClean(r, sessions));
      if (failed === null && !anomaly) rmSync(game.dir, { recursive: true, force: true });
      else log(`  game dir kept for its logs: ${game.dir}`);
    }
  }
}

export async function runReloadBenchmark(options: ReloadOptions): Promise<ReloadReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = performance.now();
  // The baseline (0 sessions) runs first so every ratio has it, whatever order was asked for.
  const counts = [...new Set(options.sessions)].sort((a, b) => a - b);
  const rows: ReloadRow[] = [];
  for (const n of counts) rows.push(await benchOneCount(n, options.rounds, log));
  const base = rows.find((r) => r.sessions === 0 && Number.isFinite(r.medianReloadMs));
  const baseline = base ? base.medianReloadMs : null;
  for (const row of rows)
    row.ratioToBaseline =
      baseline && Number.isFinite(row.medianReloadMs) ? row.medianReloadMs / baseline : null;
  return {
    sessionCounts: counts,
    rounds: options.rounds,
    baselineMedianReloadMs: baseline,
    rows,
    wallMs: performance.now() - started,
  };
}

export function formatReloadTable(report: ReloadReport): string {
  const ms = (v: number | null): string => (v === null || Number.isNaN(v) ? '-' : v.toFixed(0));
  const head = [
    'sessions',
    'reload ms (med)',
    'reload ms (max)',
    'all notified ms (med)',
    'dropped',
    'held run/sent',
    'x baseline',
  ];
  const body = report.rows.map((r) => [
    String(r.sessions),
    ms(r.medianReloadMs),
    ms(r.maxReloadMs),
    r.sessions === 0 ? 'n/a' : ms(r.medianAllNotifiedMs),
    String(r.dropped),
    `${r.heldExecuted}/${r.heldSent}` + (r.heldEarly ? ` (${r.heldEarly} early)` : ''),
    r.ratioToBaseline === null ? '-' : r.ratioToBaseline.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [
    `Waystone reload: ${report.rounds} round(s) per row, baseline = 0-session median reload ` +
      `(${ms(report.baselineMedianReloadMs)} ms)`,
    line(head),
    ...body.map(line),
  ];
  for (const r of report.rows) if (r.error) out.push(`! ${r.sessions} sessions: ${r.error}`);
  return out.join('\n');
}

function parseArgs(argv: string[]): { sessions: number[]; rounds: number; json: string | null } {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? undefined : argv[at + 1];
  };
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(
      'usage: node --import tsx bench/reload.ts [--sessions N,N,...] [--rounds R] [--json FILE]',
    );
    console.log(
      '  --sessions  session counts to measure (default 0,50,500; 0 is always added as the baseline)',
    );
    console.log('  --rounds    reloads per session count (default 3)');
    console.log('  --json      also write every figure as JSON to FILE');
    process.exit(0);
  }
  const sessionsArg = value('sessions') ?? '0,50,500';
  const sessions = sessionsArg.split(',').map((s) => Number(s.trim()));
  if (sessions.some((n) => !Number.isInteger(n) || n < 0 || n > 5000))
    throw new Error(`--sessions needs whole numbers between 0 and 5000, got ${sessionsArg}`);
  if (!sessions.includes(0)) sessions.unshift(0);
  const rounds = Number(value('rounds') ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50)
    throw new Error('--rounds needs a whole number from 1 to 50');
  return { sessions, rounds, json: value('json') ?? null };
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
    return;
  }
  const report = await runReloadBenchmark({ sessions: args.sessions, rounds: args.rounds });
  console.log(formatReloadTable(report));
  console.log(`(wall time ${(report.wallMs / 1000).toFixed(1)} s)`);
  if (args.json) writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
  const failed = report.rows.some(
    (r) => r.error || r.dropped > 0 || r.heldExecuted !== r.heldSent || r.heldEarly > 0,
  );
  process.exitCode = failed ? 1 : 0;
}

const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await main();
