import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ensurePrivateFile,
  makePrivateDir,
  openPrivateAppend,
  writePrivateOnce,
} from './private-files.ts';
import { prepareRunDirs, runPaths, writeFileAtomic } from './run-files.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'waystone-modes-'));
  dirs.push(dir);
  return dir;
};
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('owner-only files and folders', () => {
  it('makes folders 0700, parents included, and closes an open one only when asked', () => {
    const root = scratch();
    makePrivateDir(join(root, 'a', 'b'));
    expect(modeOf(join(root, 'a'))).toBe(0o700);
    expect(modeOf(join(root, 'a', 'b'))).toBe(0o700);
    const open = join(root, 'open');
    mkdirSync(open, { mode: 0o755 });
    chmodSync(open, 0o755);
    makePrivateDir(open);
    expect(modeOf(open)).toBe(0o755);
    makePrivateDir(open, { tighten: true });
    expect(modeOf(open)).toBe(0o700);
  });

  it('creates files 0600 and leaves an existing file as it is', () => {
    const root = scratch();
    const log = join(root, 'x.log');
    closeSync(openPrivateAppend(log));
    expect(modeOf(log)).toBe(0o600);
    ensurePrivateFile(join(root, 'y'));
    expect(modeOf(join(root, 'y'))).toBe(0o600);
    writeFileSync(join(root, 'z'), 'kept', { mode: 0o640 });
    chmodSync(join(root, 'z'), 0o640);
    ensurePrivateFile(join(root, 'z'));
    expect(modeOf(join(root, 'z'))).toBe(0o640);
  });

  it('writes a once-per-game value owner-only, and the first one written stays', () => {
    const file = join(scratch(), '.waystone', 'value');
    expect(writePrivateOnce(file, 'first')).toBe('first');
    expect(writePrivateOnce(file, 'second')).toBe('first');
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(join(file, '..'))).toBe(0o700);
  });

  it('keeps run/ and logs/ and the run files owner-only', () => {
    const game = scratch();
    const paths = runPaths(game);
    mkdirSync(paths.logDir, { mode: 0o755 });
    chmodSync(paths.logDir, 0o755); // as an older Waystone left it
    prepareRunDirs(paths);
    expect(modeOf(paths.runDir)).toBe(0o700);
    expect(modeOf(paths.logDir)).toBe(0o700);
    writeFileAtomic(paths.portalState, '{}');
    expect(modeOf(paths.portalState)).toBe(0o600);
  });
});
