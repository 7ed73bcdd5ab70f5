/**
 * The suite's load-test scenarios, driven by the project's own load tester (src/loadtest)
 * against a real game (Portal + Server, the embedded SQLite database, a fresh copy of the
 * default game) and, the same way in the same run, against the raw-echo baseline:
 *
 *   closed loop   N players flat out on a cheap command (`sessions`): commands/s vs raw echo
 *   paced         N players at 1 command/s each: p99 latency
 *   say           100 players in one room all saying, flat out: deliveries/s counted at the
 *                 driver (each line a player receives from another's say)
 *   idle memory   N idle, logged-in, puppeting sessions: Portal + Server RSS, and
 *                 (RSS with N − RSS with 0) / N per session
 *
 * The game is started with its throttles relaxed and cheap argon2 settings (so thousands of
 * accounts are made quickly); the logins scenario (bench/logins.ts) keeps the default cost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initGame } from '../src/cli/commands/init.ts';
import { createDisplay } from '../src/loadtest/display.ts';
import { echoProfileFor } from '../src/loadtest/echo-profile.ts';
import { startEchoProcess } from '../src/loadtest/echo-process.ts';
import { startGameUnderTest, type GameUnderTest } from '../src/loadtest/game-under-test.ts';
import { totalRssBytes } from '../src/loadtest/process-memory.ts';
import { loadProfile, WAYSTONE_PROFILE, type Profile } from '../src/loadtest/profile.ts';
import { runLoadtest, type RunResult } from '../src/loadtest/run.ts';
import type { Pace } from '../src/loadtest/scheduler.ts';
import type { Target } from '../src/loadtest/transport.ts';

export interface ScenarioSizes {
  players: number;
  idlePlayers: number;
  sayers: number;
  seconds: number;
  warmup: number;
  rampTimeoutSeconds: number;
}

export interface Pair {
  game: RunResult;
  baseline: RunResult;
}

export interface LoadScenarios {
  relaxedSettings: Record<string, string>;
  closedLoop: Pair;
  paced: Pair;
  say: Pair;
}

export interface MemoryScenario {
  sessions: number;
  loggedIn: number;
  gameRssZeroMb: number;
  gameRssMb: number;
  perSessionKb: number;
  echoRssZeroMb: number;
  echoRssMb: number;
  echoPerSessionKb: number;
  driverCpuPercent: number;
  rampSeconds: number;
  run: RunResult;
}

const MB = 2 ** 20;

interface Drive {
  label: string;
  target: Target;
  profile: Profile;
  kind: string;
  players: number;
  pace: Pace;
  sizes: ScenarioSizes;
  namePrefix: string;
  gamePids?: () => Promise<number[]>;
  afterRamp?: () => Promise<void>;
  durationSeconds?: number;
  warmupSeconds?: number;
}

function drive(d: Drive): Promise<RunResult> {
  const display = createDisplay(d.label, process.stderr);
  return runLoadtest({
    label: d.label,
    target: d.target,
    profile: d.profile,
    players: d.players,
    mix: new Map([[d.kind, 1]]),
    pace: d.pace,
    warmupSeconds: d.warmupSeconds ?? d.sizes.warmup,
    durationSeconds: d.durationSeconds ?? d.sizes.seconds,
    createAccounts: true,
    namePrefix: d.namePrefix,
    password: 'bench-password',
    loginConcurrency: 200,
    // Bounded: a scenario reports how many players it reached rather than waiting forever.
    rampTimeoutMs: d.sizes.rampTimeoutSeconds * 1000,
    seed: 1,
    onTick: (p, r) => display.tick(p, r),
    ...(d.gamePids ? { gamePids: d.gamePids } : {}),
    ...(d.afterRamp ? { afterRamp: d.afterRamp } : {}),
  }).finally(() => display.done());
}

async function withGame<T>(run: (game: GameUnderTest) => Promise<T>): Promise<T> {
  const temp = mkdtempSync(join(tmpdir(), 'waystone-bench-'));
  const game = await startGameUnderTest({ dir: initGame(join(temp, 'game')), fastHashing: true });
  try {
    return await run(game);
  } finally {
    await game.stop().catch(() => undefined);
    rmSync(temp, { recursive: true, force: true });
  }
}

async function withEcho<T>(run: (target: Target, pid: number) => Promise<T>): Promise<T> {
  const echo = await startEchoProcess();
  try {
    return await run({ host: '127.0.0.1', port: echo.port, protocol: 'telnet' }, echo.pid);
  } finally {
    await echo.stop();
  }
}

/** Closed loop, paced and say, on one game; each followed by its raw-echo twin. */
export async function runLoadScenarios(sizes: ScenarioSizes): Promise<LoadScenarios> {
  const profile = loadProfile(WAYSTONE_PROFILE);
  const echo = echoProfileFor(profile);
  const twin = (d: Omit<Drive, 'target' | 'profile' | 'label'>, label: string) =>
    withEcho((target, pid) =>
      drive({
        ...d,
        label: `${label} (raw echo)`,
        target,
        profile: echo,
        gamePids: async () => [pid],
      }),
    );
  return withGame(async (game) => {
    const target: Target = { host: '127.0.0.1', port: game.telnetPort, protocol: 'telnet' };
    const pids = () => game.pids();
    const closed: Omit<Drive, 'target' | 'profile' | 'label'> = {
      kind: 'cheap',
      players: sizes.players,
      pace: { mode: 'closed' },
      sizes,
      namePrefix: 'Bench',
      gamePids: pids,
    };
    const closedGame = await drive({ ...closed, label: 'closed loop', target, profile });
    const closedEcho = await twin(closed, 'closed loop');
    const paced = { ...closed, pace: { mode: 'paced', perPlayerPerSecond: 1 } as Pace };
    const pacedGame = await drive({ ...paced, label: 'paced 1/s', target, profile });
    const pacedEcho = await twin(paced, 'paced 1/s');
    const say = { ...closed, kind: 'sayer', players: sizes.sayers, namePrefix: 'Talker' };
    const sayGame = await drive({ ...say, label: 'say in one room', target, profile });
    const sayEcho = await twin(say, 'say in one room');
    return {
      relaxedSettings: game.relaxed,
      closedLoop: { game: closedGame, baseline: closedEcho },
      paced: { game: pacedGame, baseline: pacedEcho },
      say: { game: sayGame, baseline: sayEcho },
    };
  });
}

/** N idle puppeting sessions on a fresh game: memory in total and per session. */
export async function runMemoryScenario(sizes: ScenarioSizes): Promise<MemoryScenario> {
  const profile = loadProfile(WAYSTONE_PROFILE);
  const settle = () => new Promise((r) => setTimeout(r, 1000));
  const rss = async (pids: number[]) => (totalRssBytes(pids) ?? NaN) / MB;
  const idle = {
    kind: 'idler',
    players: sizes.idlePlayers,
    pace: { mode: 'paced', perPlayerPerSecond: 1 } as Pace,
    sizes,
    namePrefix: 'Idle',
    durationSeconds: 2,
    warmupSeconds: 0,
  };
  const game = await withGame(async (g) => {
    await settle();
    const zero = await rss(await g.pids());
    let full = NaN;
    const run = await drive({
      ...idle,
      label: 'idle sessions',
      target: { host: '127.0.0.1', port: g.telnetPort, protocol: 'telnet' },
      profile,
      gamePids: () => g.pids(),
      afterRamp: async () => {
        await settle();
        full = await rss(await g.pids());
      },
    });
    return { zero, full, run };
  });
  const echo = await withEcho(async (target, pid) => {
    await settle();
    const zero = await rss([pid]);
    let full = NaN;
    await drive({
      ...idle,
      label: 'idle sessions (raw echo)',
      target,
      profile: echoProfileFor(profile),
      afterRamp: async () => {
        await settle();
        full = await rss([pid]);
      },
    });
    return { zero, full };
  });
  const n = game.run.loggedIn || sizes.idlePlayers;
  return {
    sessions: sizes.idlePlayers,
    loggedIn: game.run.loggedIn,
    gameRssZeroMb: game.zero,
    gameRssMb: game.full,
    perSessionKb: ((game.full - game.zero) * 1024) / n,
    echoRssZeroMb: echo.zero,
    echoRssMb: echo.full,
    echoPerSessionKb: ((echo.full - echo.zero) * 1024) / sizes.idlePlayers,
    driverCpuPercent: game.run.driverCpuPercent,
    rampSeconds: game.run.rampSeconds,
    run: game.run,
  };
}
