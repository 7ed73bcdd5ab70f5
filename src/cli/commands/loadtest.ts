/**
 * `waystone loadtest`: simulated players against a game — one started for the test (a fresh
 * copy of the default game, or --game-dir) or one already running (--port) — with a live
 * status line and a JSON + HTML report. The engine is src/loadtest/; this file only turns
 * command-line options into its options and prints the outcome.
 */
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { GameRunningError } from '../../loadtest/game-under-test.ts';
import { executeLoadtest, LoadtestError, type TargetChoice } from '../../loadtest/loadtest.ts';
import { loadProfile, parseMix, ProfileError, WAYSTONE_PROFILE } from '../../loadtest/profile.ts';
import { summaryLines, writeReport } from '../../loadtest/report.ts';
import { EXIT } from '../exit-codes.ts';
import { initGame } from './init.ts';

export interface LoadtestCliOptions {
  profile?: string;
  start?: boolean;
  gameDir?: string;
  host: string;
  port?: string;
  protocol: string;
  players: string;
  mix?: string;
  rate: string;
  closedLoop?: boolean;
  duration: string;
  warmup: string;
  baseline?: boolean;
  existingAccounts?: boolean;
  namePrefix: string;
  password: string;
  loginConcurrency: string;
  rampTimeout: string;
  fastHashing?: boolean;
  out: string;
  name?: string;
  seed: string;
  quiet?: boolean;
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

export function loadtestCommand(
  print: (line: string) => void,
  setExitCode: (code: number) => void,
): Command {
  return new Command('loadtest')
    .description('drive a game with simulated players and report throughput and latency')
    .option(
      '--profile <file>',
      "load-test profile (JSON); default: the one for Waystone's default game",
    )
    .option(
      '--start',
      'start the game under test (a fresh copy of the default game unless --game-dir)',
    )
    .option(
      '-g, --game-dir <dir>',
      'with --start: the game directory to start (accounts are created in its database)',
    )
    .option('--host <host>', 'host of a running game', '127.0.0.1')
    .option('--port <port>', 'port of a running game (telnet, or web for --protocol websocket)')
    .addOption(
      new Option('--protocol <protocol>', 'how players connect')
        .choices(['telnet', 'websocket'])
        .default('telnet'),
    )
    .option('-n, --players <n>', 'simulated players', '50')
    .option(
      '--mix <weights>',
      "player kinds and weights, e.g. looker=3,talker=1 (default: the profile's)",
    )
    .option('--rate <r>', 'actions per second per player (paced)', '0.5')
    .option(
      '--closed-loop',
      'flat out: each player sends its next command as soon as the reply arrives',
    )
    .option('-d, --duration <s>', 'seconds measured', '20')
    .option('--warmup <s>', 'seconds played before measuring', '3')
    .option(
      '--baseline',
      'also drive the raw-echo baseline server the same way and report the ratio',
    )
    .option(
      '--existing-accounts',
      'log in to existing accounts (<prefix><n>) instead of creating them',
    )
    .option('--name-prefix <prefix>', 'account names are <prefix><n>', 'Load')
    .option('--password <password>', 'password of every simulated account', 'loadtest-password')
    .option('--login-concurrency <n>', 'players logging in at the same time', '100')
    .option('--ramp-timeout <s>', 'longest time for all players to log in', '300')
    .option(
      '--fast-hashing',
      'with --start: cheap argon2 settings, so thousands of accounts are created quickly',
    )
    .option('-o, --out <dir>', 'directory for the report files', 'loadtest-results')
    .option('--name <name>', 'report file name without extension (default: loadtest-<date>)')
    .option('--seed <n>', "random seed for the players' choices", '1')
    .option('-q, --quiet', 'no live status line')
    .action(async (opts: LoadtestCliOptions) => {
      try {
        setExitCode(await runLoadtestCli(opts, print));
      } catch (err) {
        if (
          err instanceof LoadtestError ||
          err instanceof ProfileError ||
          err instanceof GameRunningError
        ) {
          process.stderr.write(`waystone loadtest: ${err.message}\n`);
          setExitCode(EXIT.USAGE);
        } else throw err;
      }
    });
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
