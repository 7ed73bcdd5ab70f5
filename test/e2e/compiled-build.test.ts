/**
 * The compiled engine, as a user meets it: `waystone start` runs the Portal and the Server from
 * dist/ (plain Node, no TypeScript loader), the game's own TypeScript is compiled for them, and
 * an error thrown in the game's code is logged with the .ts file and line the author wrote.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPortalState, runPaths } from '../../src/shared/run-files.ts';
import { makeGameDir, runLauncher, waitUntil, REPO_ROOT } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

// Line numbers matter: the test expects the throw on line 9 of game.ts and the helper's on
// line 4 of lib/fail.ts.
const GAME = `import { Command, type GameSetup } from 'waystone';
import { failLoudly } from './lib/fail.ts';

class CmdBoom extends Command {
  override key = 'boom';
  override func(): void {
    const where: string = 'in game.ts';
    // the next line throws
    throw new Error('boom ' + where);
  }
}

class CmdDeep extends Command {
  override key = 'deep';
  override func(): void {
    failLoudly(this.key);
  }
}

export default function setup(game: GameSetup): void {
  game.extendCmdSet('unloggedin', (set) => set.add([new CmdBoom(), new CmdDeep()]));
}
`;

const FAIL = `// A helper module of the game's own, imported with its .ts name.
type Why = string;
export function failLoudly(why: Why): never {
  throw new Error('deep failure from ' + why);
}
`;

function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
}

describe('the compiled engine', () => {
  let dir: string;

  beforeAll(async () => {
    dir = makeGameDir({}, GAME);
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib', 'fail.ts'), FAIL);
    const started = await runLauncher(['start', '--game-dir', dir]);
    expect(started.code, started.out).toBe(0);
  });

  afterAll(async () => {
    if (dir) await runLauncher(['stop', '--game-dir', dir]);
  });

  it('runs the Portal and the Server from dist/ with plain Node', () => {
    const paths = runPaths(dir);
    for (const [file, entry] of [
      [paths.portalPid, 'dist/portal-main.js'],
      [paths.serverPid, 'dist/server-main.js'],
    ] as const) {
      const line = commandLine(Number(readFileSync(file, 'utf8')));
      expect(line).toContain(join(REPO_ROOT, entry));
      expect(line).not.toMatch(/tsx|\.ts\b/);
    }
    // The game's own code was compiled into its .waystone directory, not loaded through a loader.
    const versions = readdirSync(join(dir, '.waystone', 'code'));
    expect(versions.some((v) => existsSync(join(dir, '.waystone', 'code', v, 'game.mjs')))).toBe(
      true,
    );
  });

  it("logs an error in the game's code with the .ts file and line", async () => {
    const c = await TelnetClient.open(readPortalState(runPaths(dir))!.ports['telnet']!);
    await c.waitFor('Welcome');
    c.send('boom');
    await c.waitFor('An error occurred');
    c.send('deep');
    await c.waitFor(/An error occurred[\s\S]*An error occurred/);
    c.close();
    const log = () => readFileSync(join(dir, 'logs', 'server.log'), 'utf8');
    await waitUntil('both errors in the Server log', () => log().includes('deep failure'));
    expect(log()).toMatch(new RegExp(`${escape(join(dir, 'game.ts'))}:9:\\d+`));
    expect(log()).toMatch(new RegExp(`${escape(join(dir, 'lib', 'fail.ts'))}:4:\\d+`));
    // The engine's own frames name its sources too.
    expect(log()).toMatch(/src\/server\/[\w/-]+\.ts:\d+:\d+/);
    expect(log()).not.toMatch(/\.waystone\/code\/[^\s]*\.mjs/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
