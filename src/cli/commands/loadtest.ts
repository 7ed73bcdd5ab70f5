/**
 * `waystone loadtest`: simulated players against a game — one started for the test (a fresh
 * copy of the default game, or --game-dir) or one already running (--port) — with a live
 * status line and a JSON + HTML report. The engine is src/loadtest/; this file only turns
 * command-line options into its options and prints the outcome.
 */
import { Command, Option } from 'commander';
import { EXIT } from '../exit-codes.ts';

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
      // The load tester is loaded only when it runs: other commands start without it.
      const { runLoadtestCli, isUsageError } = await import('./loadtest-run.ts');
      try {
        setExitCode(await runLoadtestCli(opts, print));
      } catch (err) {
        if (isUsageError(err)) {
          process.stderr.write(`waystone loadtest: ${(err as Error).message}\n`);
          setExitCode(EXIT.USAGE);
        } else throw err;
      }
    });
}
