/**
 * Logins with argon2id at the default cost: how many per second the game takes, and what they
 * do to everyone else's latency (hashing runs on libuv's thread pool, so other players'
 * commands should not wait behind it).
 *
 *   node --import tsx bench/logins.ts [--players N] [--rate R] [--seconds S]
 *
 * A real game is started (Portal + Server, OS-chosen ports, the embedded SQLite database) with
 * N logged-in players who each type `who` every 100 ms; a command's latency is the time from
 * sending it until its reply arrives. Phase 1 measures that with no logins (the baseline);
 * phase 2 runs logins at R per second (each a new telnet connection: `connect`, wait for the
 * welcome, `quit`) and measures again. Printed: logins/s achieved, login time p50/p99, and the
 * other players' p50/p99 in each phase with the ratio against the baseline. Bounded in time.
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { AccountManager } from '../src/server/accounts/account-manager.ts';
import type { AccountSession } from '../src/server/accounts/account.ts';
import { PasswordHasher } from '../src/server/accounts/hashing.ts';
import { openStorage } from '../src/server/storage/open-storage.ts';
import { GameProcess, makeGameDir } from '../test/support/game-process.ts';
import { TelnetClient } from '../test/support/telnet-client.ts';

const PASSWORD = 'bench mark password';

export interface LoginsOptions {
  players: number;
  rate: number;
  seconds: number;
}

export interface LoginsResult extends LoginsOptions {
  loginsCompleted: number;
  loginsPerSecond: number;
  loginTime: { n: number; p50: number; p99: number };
  /** Other players' `who` latency with no logins running (the baseline). */
  baseline: { n: number; p50: number; p99: number };
  /** … and while logins run. */
  during: { n: number; p50: number; p99: number };
  /** Driver CPU while logins ran, % of one core. */
  driverCpuPercent: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(xs: number[]): { n: number; p50: number; p99: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99) };
}

async function createAccounts(dir: string, names: string[]): Promise<void> {
  const storage = await openStorage({
    gameDir: dir,
    databaseUrl: '',
    databaseFile: 'game.sqlite3',
    log: pino({ level: 'silent' }),
  });
  const accounts = new AccountManager<AccountSession>({
    storage,
    hasher: new PasswordHasher(),
    log: pino({ level: 'silent' }),
    nameRules: { guestNames: [] },
    passwordRules: {},
    sessionsOf: () => [],
  });
  try {
    // Hashing at the default cost takes a while; a few at a time use the thread pool.
    for (let i = 0; i < names.length; i += 4) {
      await Promise.all(
        names.slice(i, i + 4).map((name) => accounts.create({ name, password: PASSWORD })),
      );
    }
  } finally {
    await storage.close();
  }
}

async function loggedIn(port: number, name: string): Promise<TelnetClient> {
  const c = await TelnetClient.open(port);
  await c.waitFor('Type help.');
  c.send(`connect ${name} "${PASSWORD}"`);
  await c.waitFor('You are logged in', 30_000);
  return c;
}

/** Each player sends `who` every 100 ms and records reply latency, until `stop()`. */
function pace(players: TelnetClient[]): { latencies: number[]; stop: () => Promise<void> } {
  const latencies: number[] = [];
  let running = true;
  const loops = players.map(async (p) => {
    while (running) {
      const mark = p.text.length;
      const t0 = performance.now();
      p.send('who');
      await p.waitFor('Accounts online', 10_000, mark);
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  return {
    latencies,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

export async function runLoginsBenchmark(o: LoginsOptions): Promise<LoginsResult> {
  const { players: PLAYERS, rate: RATE, seconds: SECONDS } = o;
  const LOGIN_ACCOUNTS = Math.ceil(RATE * SECONDS) + 5;
  const dir = makeGameDir();
  const playerNames = Array.from({ length: PLAYERS }, (_, i) => `Player${i}`);
  const loginNames = Array.from({ length: LOGIN_ACCOUNTS }, (_, i) => `Visitor${i}`);
  const t0 = performance.now();
  await createAccounts(dir, [...playerNames, ...loginNames]);
  console.error(
    `created ${PLAYERS + LOGIN_ACCOUNTS} accounts with argon2id defaults in ${Math.round(performance.now() - t0)} ms`,
  );
  const game = await GameProcess.start({
    dir,
    env: { WAYSTONE_LOGIN_FAILURE_LIMIT: '100000', WAYSTONE_MAX_INPUT_RATE: '1000' },
  });
  try {
    const players = await Promise.all(playerNames.map((n) => loggedIn(game.telnetPort, n)));

    const baseline = pace(players);
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    await baseline.stop();

    const during = pace(players);
    const cpu0 = process.cpuUsage();
    const loginTimes: number[] = [];
    const started = performance.now();
    const attempts: Promise<void>[] = [];
    for (let i = 0; i < LOGIN_ACCOUNTS - 5 && performance.now() - started < SECONDS * 1000; i++) {
      const name = loginNames[i]!;
      attempts.push(
        (async () => {
          const a = performance.now();
          const c = await loggedIn(game.telnetPort, name);
          loginTimes.push(performance.now() - a);
          c.send('quit');
          await c.closed;
        })(),
      );
      const next = started + ((i + 1) * 1000) / RATE;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
    await Promise.all(attempts);
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    await during.stop();

    for (const p of players) p.close();
    const logins = summary(loginTimes);
    return {
      players: PLAYERS,
      rate: RATE,
      seconds: SECONDS,
      loginsCompleted: logins.n,
      loginsPerSecond: logins.n / elapsed,
      loginTime: logins,
      baseline: summary(baseline.latencies),
      during: summary(during.latencies),
      driverCpuPercent: ((cpu.user + cpu.system) / 1e6 / elapsed) * 100,
    };
  } finally {
    await game.stop();
  }
}

export function formatLogins(r: LoginsResult): string {
  const f = (x: number) => x.toFixed(1).padStart(7);
  return [
    `Waystone logins: ${r.players} players typing 'who' every 100 ms; logins at ${r.rate}/s for ${r.seconds} s`,
    `logins completed: ${r.loginsCompleted} = ${r.loginsPerSecond.toFixed(1)} logins/s; login time p50 ${r.loginTime.p50.toFixed(0)} ms, p99 ${r.loginTime.p99.toFixed(0)} ms`,
    '',
    "other players' commands      n    p50 ms   p99 ms   p99 x baseline",
    `no logins (baseline)   ${String(r.baseline.n).padStart(8)} ${f(r.baseline.p50)} ${f(r.baseline.p99)}   1.00`,
    `during logins          ${String(r.during.n).padStart(8)} ${f(r.during.p50)} ${f(r.during.p99)}   ${(r.during.p99 / r.baseline.p99).toFixed(2)}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      players: { type: 'string', default: '20' },
      rate: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '8' },
    },
  });
  const result = await runLoginsBenchmark({
    players: Number(values.players),
    rate: Number(values.rate),
    seconds: Number(values.seconds),
  });
  console.log(formatLogins(result));
}

const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
