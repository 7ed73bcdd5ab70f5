/**
 * The suite's load-test scenarios, driven by the project's own load tester (src/loadtest)
 * against a real game (Portal + Server, the embedded SQLite database, a fresh copy of the
 * default game) and, the same way in the same run, against the raw-echo baseline:
 *
 *   closed loop   N players flat out on a cheap command (`sessions`): commands/s vs raw echo
 *   paced         N players at 1 command/s each: p99 latency
 *   say           100 players in one room all saying, flat out: deliveries/s counted at the
 *                 driver (each line a player receives from another's say)
 *
 * The game is started with its throttles relaxed and cheap argon2 settings (so thousands of
 * accounts are made quickly); the logins scenario (bench/logins.ts) keeps the default cost.
 * The idle-sessions memory scenario (bench/memory.ts) drives through the same helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initGame } from '../src/cli/commands/init.ts';
import { createDisplay } from '../src/loadtest/display.ts';
import { echoProfileFor } from '../src/loadtest/echo-profile.ts';
import { startEchoProcess } from '../src/loadtest/echo-process.ts';
import { startGameUnderTest, type GameUnderTest } from '../src/loadtest/game-under-test.ts';
import { loadProfile, WAYSTONE_PROFILE, type Profile } from '../src/loadtest/profile.ts';
import { runLoadtest, type RunResult } from '../src/loadtest/run.ts';
import type { Pace } from '../src/loadtest/scheduler.ts';
import type { Target } from '../src/loadtest/transport.ts';

export interface ScenarioSizes {
  players: number;
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

export interface Drive {
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
  /** While true, the live display stays silent (another run's display is the one to watch). */
  hushed?: () => boolean;
}

export function drive(d: Drive): Promise<RunResult> {
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
    onTick: (p, r) => {
      if (!d.hushed?.()) display.tick(p, r);
    },
    ...(d.gamePids ? { gamePids: d.gamePids } : {}),
    ...(d.afterRamp ? { afterRamp: d.afterRamp } : {}),
  }).finally(() => display.done());
}

/**
 * A fresh copy of the default game, started with relaxed throttles and cheap hashing, and
 * removed after `run`; `prepare` runs on its directory before the start.
 */
export async function withGame<T>(
  run: (game: GameUnderTest) => Promise<T>,
  prepare?: (dir: string) => Promise<void>,
): Promise<T> {
  const temp = mkdtempSync(join(tmpdir(), 'waystone-bench-'));
  try {
    const dir = initGame(join(temp, 'game'));
    await prepare?.(dir);
    return await runOn(dir, run);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

async function runOn<T>(dir: string, run: (game: GameUnderTest) => Promise<T>): Promise<T> {
  const game = await startGameUnderTest({ dir, fastHashing: true });
  try {
    return await run(game);
  } finally {
    await game.stop().catch(() => undefined);
  }
}

/** The raw-echo baseline in a child process, stopped after `run`. */
export async function withEcho<T>(run: (target: Target, pid: number) => Promise<T>): Promise<T> {
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
