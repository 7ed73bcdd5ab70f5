/**
 * What `waystone loadtest` does once its options are parsed (loadtest.ts defines them): load the
 * profile, start or find the game, drive it, write and print the report.
 */
import { resolve } from 'node:path';
import { GameRunningError } from '../../loadtest/game-under-test.ts';
import { executeLoadtest, LoadtestError, type TargetChoice } from '../../loadtest/loadtest.ts';
import { loadProfile, parseMix, ProfileError, WAYSTONE_PROFILE } from '../../loadtest/profile.ts';
import { summaryLines, writeReport } from '../../loadtest/report.ts';
import { EXIT } from '../exit-codes.ts';
import { initGame } from './init.ts';
import type { LoadtestCliOptions } from './loadtest.ts';

/** Errors that mean the options or the situation were wrong, not the tool. */
export function isUsageError(err: unknown): err is Error {
  return (
    err instanceof LoadtestError || err instanceof ProfileError || err instanceof GameRunningError
  );
}

function number(name: string, text: string, min: number, max: number): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v < min || v > max)
    throw new LoadtestError(
      'LOADTEST_OPTIONS',
      `--${name} must be a number from ${min} to ${max} (got "${text}")`,
    );
  return v;
}

export async function runLoadtestCli(
  opts: LoadtestCliOptions,
  print: (line: string) => void,
): Promise<number> {
  const profile = loadProfile(
    opts.profile === undefined ? WAYSTONE_PROFILE : resolve(opts.profile),
  );
  const mix = parseMix(profile, opts.mix);
  let target: TargetChoice;
  if (opts.start) {
    target = {
      kind: 'start',
      dir: opts.gameDir === undefined ? null : resolve(opts.gameDir),
      makeGameDir: (dir) => initGame(dir),
      fastHashing: Boolean(opts.fastHashing),
    };
  } else if (opts.port !== undefined) {
    target = { kind: 'running', host: opts.host, port: number('port', opts.port, 1, 65535) };
  } else {
    throw new LoadtestError(
      'LOADTEST_OPTIONS',
      'say which game to drive: --start (start one for the test) or --port <port> (a running game)',
    );
  }
  const closed = Boolean(opts.closedLoop);
  const report = await executeLoadtest({
    target,
    protocol: opts.protocol as 'telnet' | 'websocket',
    profile,
    players: number('players', opts.players, 1, 100_000),
    mix,
    pace: closed
      ? { mode: 'closed' }
      : { mode: 'paced', perPlayerPerSecond: number('rate', opts.rate, 0.001, 1000) },
    warmupSeconds: number('warmup', opts.warmup, 0, 600),
    durationSeconds: number('duration', opts.duration, 1, 3600),
    createAccounts: !opts.existingAccounts,
    namePrefix: opts.namePrefix,
    password: opts.password,
    loginConcurrency: number('login-concurrency', opts.loginConcurrency, 1, 10_000),
    rampTimeoutSeconds: number('ramp-timeout', opts.rampTimeout, 1, 3600),
    baseline: Boolean(opts.baseline),
    seed: number('seed', opts.seed, 0, 2 ** 32 - 1),
    command: `waystone ${process.argv.slice(2).join(' ')}`,
    quiet: Boolean(opts.quiet),
    progress: process.stderr,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const name = opts.name ?? `loadtest-${report.date.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}`;
  const files = writeReport(report, resolve(opts.out), name);
  for (const line of summaryLines(report)) print(line);
  print(`report: ${files.json}`);
  print(`        ${files.html}`);
  const r = report.run;
  // A run where nobody could log in measured nothing: say so with the exit code.
  return r.loggedIn === 0 ? EXIT.FAILED : EXIT.OK;
}
