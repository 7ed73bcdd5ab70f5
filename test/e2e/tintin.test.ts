/**
 * A real MUD client against a real game: TinTin++ (run inside tmux, since it needs a terminal)
 * connects, sees the connection screen, runs a command and quits. Skipped, visibly, when
 * TinTin++ or tmux is not installed (.ci/run installs both).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, waitUntil } from '../support/game-process.ts';

const TT = ['/usr/games/tt++', '/usr/bin/tt++'].find((p) => existsSync(p));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

describe.skipIf(TT === undefined || !hasTmux)('TinTin++', () => {
  let game: GameProcess;
  const socketName = `waystone-test-${process.pid}`;

  beforeAll(async () => {
    game = await GameProcess.start();
  });

  afterAll(async () => {
    spawnSync('tmux', ['-L', socketName, 'kill-server']);
    await game?.stop();
  });

  it('connects, sees the connection screen, runs info, and quits cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waystone-tt-'));
    const log = join(dir, 'session.log');
    const script = join(dir, 'play.tin');
    writeFileSync(
      script,
      [
        `#session {game} {127.0.0.1} {${game.telnetPort}}`,
        '#config {log} {plain}',
        `#log {overwrite} {${log}}`,
        '#delay {1} {#send {info}}',
        '#delay {2} {#send {quit}}',
        '#delay {4} {#end}',
        '',
      ].join('\n'),
    );
    execFileSync('tmux', [
      '-L',
      socketName,
      'new-session',
      '-d',
      '-x',
      '120',
      '-y',
      '40',
      `${TT} ${script}`,
    ]);
    const text = await waitUntil(
      'TinTin++ to log the goodbye',
      () => {
        const t = existsSync(log) ? readFileSync(log, 'utf8') : '';
        return t.includes('Good bye!') ? t : null;
      },
      20_000,
    );
    expect(text).toContain('Welcome to Testgame');
    expect(text).toMatch(/## BEGIN INFO 1\.1\r?\nName: Testgame/);
    await waitUntil(
      'the session to close in TinTin++',
      () => readFileSync(log, 'utf8').includes('DIED'),
      10_000,
    );
  });
});
