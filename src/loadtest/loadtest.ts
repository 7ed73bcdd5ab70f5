/**
 * `waystone loadtest` without the command line: find or start the target, check the file
 * limit, run the players, optionally run the raw-echo baseline the same way, and assemble the
 * report. The CLI (src/cli/commands/loadtest.ts) and the benchmark suite (bench/) both call it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDisplay } from './display.ts';
import { echoProfileFor } from './echo-profile.ts';
import { startEchoProcess } from './echo-process.ts';
import { startGameUnderTest, type GameUnderTest } from './game-under-test.ts';
import { openFilesLimit, totalRssBytes } from './process-memory.ts';
import type { Profile } from './profile.ts';
import { machineInfo, type LoadtestReport, type TargetInfo } from './report.ts';
import { runLoadtest, type RunOptions, type RunResult } from './run.ts';
import type { Pace } from './scheduler.ts';
import type { Target, TransportKind } from './transport.ts';

export class LoadtestError extends Error {
  constructor(
    readonly code: 'LOADTEST_FD_LIMIT' | 'LOADTEST_TARGET' | 'LOADTEST_OPTIONS',
    message: string,
  ) {
    super(message);
  }
}

/** File descriptors the driver needs besides one per player (stdio, pipes, the runtime). */
const FD_MARGIN = 64;

/** Refuse early, with the fix, when `ulimit -n` cannot hold N players (and the game, if ours). */
export function checkFileLimit(players: number, limit = openFilesLimit()): void {
  if (limit === null) return;
  const need = players + FD_MARGIN;
  if (need > limit)
    throw new LoadtestError(
      'LOADTEST_FD_LIMIT',
      `${players} players need about ${need} open files, but this process may open only ${limit} ` +
        `(ulimit -n). Raise it in this shell first, e.g. \`ulimit -n ${Math.max(need * 2, 4096)}\` ` +
        '(up to the hard limit shown by `ulimit -Hn`), or run fewer players.',
    );
}

export type TargetChoice =
  | { kind: 'running'; host: string; port: number }
  /** Start a game: `dir` as is, or a fresh copy of the default game made by `makeGameDir`. */
  | {
      kind: 'start';
      dir: string | null;
      makeGameDir: (dir: string) => string;
      fastHashing: boolean;
    };

export interface LoadtestOptions {
  target: TargetChoice;
  protocol: TransportKind;
  profile: Profile;
  players: number;
  mix: Map<string, number>;
  pace: Pace;
  warmupSeconds: number;
  durationSeconds: number;
  createAccounts: boolean;
  namePrefix: string;
  password: string;
  loginConcurrency: number;
  rampTimeoutSeconds: number;
  baseline: boolean;
  seed: number;
  command: string;
  quiet: boolean;
  progress: NodeJS.WriteStream;
  log: (line: string) => void;
}

function baseRunOptions(o: LoadtestOptions): Omit<RunOptions, 'label' | 'target' | 'profile'> {
  return {
    players: o.players,
    mix: o.mix,
    pace: o.pace,
    warmupSeconds: o.warmupSeconds,
    durationSeconds: o.durationSeconds,
    createAccounts: o.createAccounts,
    namePrefix: o.namePrefix,
    password: o.password,
    loginConcurrency: o.loginConcurrency,
    rampTimeoutMs: o.rampTimeoutSeconds * 1000,
    seed: o.seed,
  };
}

async function withDisplay(o: LoadtestOptions, run: RunOptions): Promise<RunResult> {
  const display = createDisplay(run.label, o.progress, o.quiet);
  try {
    return await runLoadtest({ ...run, onTick: (p, r) => display.tick(p, r) });
  } finally {
    display.done();
  }
}

/** The raw-echo baseline, driven exactly like the game run. */
export async function runBaseline(o: LoadtestOptions): Promise<RunResult> {
  const echo = await startEchoProcess();
  try {
    return await withDisplay(o, {
      ...baseRunOptions(o),
      createAccounts: false,
      label: 'raw-echo baseline',
      target: { host: '127.0.0.1', port: echo.port, protocol: 'telnet' },
      profile: echoProfileFor(o.profile),
      gamePids: async () => [echo.pid],
    });
  } finally {
    await echo.stop();
  }
}

export async function executeLoadtest(o: LoadtestOptions): Promise<LoadtestReport> {
  if (!(o.players > 0 && Number.isInteger(o.players)))
    throw new LoadtestError('LOADTEST_OPTIONS', '--players must be a whole number above 0');
  checkFileLimit(o.players);
  const notes: string[] = [];
  let game: GameUnderTest | null = null;
  let tempDir: string | null = null;
  let targetInfo: TargetInfo;
  let target: Target;
  let beforeRampMb: number | null = null;
  let afterRampMb: number | null = null;
  try {
    if (o.target.kind === 'start') {
      let dir = o.target.dir;
      if (dir === null) {
        tempDir = mkdtempSync(join(tmpdir(), 'waystone-loadtest-'));
        dir = o.target.makeGameDir(join(tempDir, 'game'));
      }
      o.log(`starting the game in ${dir} …`);
      game = await startGameUnderTest({ dir, fastHashing: o.target.fastHashing });
      const port = o.protocol === 'telnet' ? game.telnetPort : game.webPort;
      target = { host: '127.0.0.1', port, protocol: o.protocol };
      targetInfo = {
        description: `${o.target.dir === null ? 'a fresh copy of the default game' : dir}, started by the load tester (Portal + Server on this machine)`,
        startedByTool: true,
        relaxedSettings: game.relaxed,
      };
      const g = game;
      beforeRampMb = (totalRssBytes(await g.pids()) ?? NaN) / 2 ** 20;
    } else {
      target = { host: o.target.host, port: o.target.port, protocol: o.protocol };
      targetInfo = {
        description: `a running game at ${o.target.host}:${o.target.port} (its settings untouched)`,
        startedByTool: false,
        relaxedSettings: {},
      };
    }
    if (o.protocol === 'websocket') {
      target.path = o.profile.websocket.path;
      target.subprotocol = o.profile.websocket.subprotocol;
    }
    const g = game;
    const run = await withDisplay(o, {
      ...baseRunOptions(o),
      label: `${o.profile.name} over ${o.protocol}`,
      target,
      profile: o.profile,
      ...(g
        ? {
            gamePids: () => g.pids(),
            afterRamp: async () => {
              afterRampMb = (totalRssBytes(await g.pids()) ?? NaN) / 2 ** 20;
            },
          }
        : {}),
    });
    if (run.loginThrottled > 0)
      notes.push(
        `${run.loginThrottled} logins were throttled by the game` +
          (targetInfo.startedByTool
            ? ''
            : ' (a running game keeps its throttles; start it with --start to relax them)'),
      );
    if (run.driverCpuPercent > 85)
      notes.push(
        `the driver used ${run.driverCpuPercent.toFixed(0)}% of a core: it may be the limit, not the game`,
      );
    let baseline: RunResult | null = null;
    if (o.baseline) {
      if (o.protocol !== 'telnet')
        notes.push('the raw-echo baseline runs over telnet (plain TCP lines)');
      baseline = await runBaseline(o);
    }
    return {
      tool: 'waystone loadtest',
      date: new Date().toISOString(),
      machine: machineInfo(),
      command: o.command,
      target: targetInfo,
      run,
      baseline,
      throughputRatio: baseline ? run.actionsPerSecond / baseline.actionsPerSecond : null,
      gameMemory: game ? { beforeRampMb, afterRampMb } : null,
      notes,
    };
  } finally {
    if (game) await game.stop().catch(() => undefined);
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}
