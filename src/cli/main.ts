/**
 * The `waystone` launcher: init, start, stop, reload, reset, status, test. It talks to a running
 * Portal over the link (admin role) and reports the Portal's answers, never guesses.
 */
import { Command, Option } from 'commander';
import { isWaystoneError } from '../shared/errors.ts';
import { WAYSTONE_VERSION } from '../shared/version.ts';
import { loadtestCommand } from './commands/loadtest.ts';
import { EXIT } from './exit-codes.ts';

// Each command's module is imported when that command runs: `waystone status` does not load
// the storage layer, the load tester or the game template's tools.
const control = () => import('./commands/control.ts');
const storageTasks = () => import('./commands/storage-tasks.ts');
const gameConfig = async (dir: string) => (await import('./game-dir.ts')).gameConfig(dir);

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function gameDirOption(): Option {
  return new Option('-g, --game-dir <dir>', 'the game directory')
    .env('WAYSTONE_GAME_DIR')
    .default('.');
}

export function buildCli(setExitCode: (code: number) => void): Command {
  const program = new Command('waystone')
    .description('Waystone: a text multiplayer game server (Portal + Server)')
    .version(WAYSTONE_VERSION);

  program
    .command('init')
    .description('create a new game directory from the template')
    .argument('<dir>', 'directory to create')
    .action(async (dir: string) => {
      const { initGame, initMessage, portWarnings } = await import('./commands/init.ts');
      const target = initGame(dir);
      print(initMessage(dir, target));
      for (const warning of await portWarnings(target, dir)) print(warning);
    });

  program
    .command('test')
    .description("type-check the game's code and run its tests (a game's `npm test`)")
    .addOption(gameDirOption())
    .argument('[filters...]', 'run only test files whose path contains one of these')
    .action(async (filters: string[], opts: { gameDir: string }) => {
      const { testGame } = await import('./commands/test.ts');
      setExitCode(await testGame(opts.gameDir, filters, print));
    });

  program
    .command('start')
    .description('start the Portal and the Server (in the background unless --foreground)')
    .addOption(gameDirOption())
    .option('-f, --foreground', 'run in this terminal; Ctrl-C stops both processes')
    .action(async (opts: { gameDir: string; foreground?: boolean }) => {
      const { startBackground, startForeground } = await import('./commands/start.ts');
      const config = await gameConfig(opts.gameDir);
      setExitCode(
        opts.foreground
          ? await startForeground(config, print)
          : await startBackground(config, print),
      );
    });

  program
    .command('migrate')
    .description('bring the game database schema up to date')
    .addOption(gameDirOption())
    .action(async (opts: { gameDir: string }) => {
      const { migrateCommand } = await storageTasks();
      setExitCode(await migrateCommand(await gameConfig(opts.gameDir), print));
    });

  program
    .command('createsuperuser')
    .description('create an account with every permission (asks in a terminal)')
    .addOption(gameDirOption())
    .addOption(new Option('--name <name>', 'account name').env('WAYSTONE_SUPERUSER_NAME'))
    .addOption(new Option('--password <password>', 'password').env('WAYSTONE_SUPERUSER_PASSWORD'))
    .action(async (opts: { gameDir: string; name?: string; password?: string }) => {
      const { createSuperuser } = await storageTasks();
      const who = {
        ...(opts.name ? { name: opts.name } : {}),
        ...(opts.password ? { password: opts.password } : {}),
      };
      setExitCode(await createSuperuser(await gameConfig(opts.gameDir), who, print));
    });

  const controls = [
    ['status', 'show whether the Portal and the Server run, their pids and sessions'],
    ['stop', 'tell players, stop the Server and the Portal'],
    ['reload', 'restart the Server with fresh game code; players stay connected'],
    ['reset', 'like reload, but as a cold start of the game (shutdown hooks run)'],
  ] as const;
  for (const [name, description] of controls) {
    program
      .command(name)
      .description(description)
      .addOption(gameDirOption())
      .action(async (opts: { gameDir: string }) => {
        const action = (await control())[name];
        setExitCode(await action(await gameConfig(opts.gameDir), print));
      });
  }
  program.addCommand(loadtestCommand(print, setExitCode));
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildCli((c) => (code = c));
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const commanderCode = (err as { code?: string }).code;
    if (commanderCode === 'commander.helpDisplayed' || commanderCode === 'commander.version')
      return EXIT.OK;
    if (commanderCode?.startsWith('commander.')) return EXIT.USAGE;
    if (isWaystoneError(err)) {
      process.stderr.write(`${err.message}\n`);
      return err.code === 'GAME_DIR' || err.code.startsWith('CONFIG') ? EXIT.USAGE : EXIT.FAILED;
    }
    throw err;
  }
  return code;
}
