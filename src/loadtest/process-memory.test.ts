/**
 * The game's memory is read as a process tree from /proc: a child (and its child) of the root
 * is counted, an unrelated process is not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { processMemory, processTree } from './process-memory.ts';

const linux = existsSync('/proc/self/stat');
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/** A shell that starts a `sleep` of its own and waits: a child with a grandchild. */
function shellWithSleep(): Promise<ChildProcess> {
  const child = spawn('sh', ['-c', 'sleep 30 & echo started; wait'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  started.push(child);
  return new Promise((resolve) => child.stdout!.once('data', () => resolve(child)));
}

describe.runIf(linux)('processTree', () => {
  it('holds the root, its children and theirs, root first', async () => {
    const shell = await shellWithSleep();
    const tree = processTree(process.pid)!;
    expect(tree[0]).toBe(process.pid);
    expect(tree).toContain(shell.pid);
    const fromShell = processTree(shell.pid!)!;
    expect(fromShell).toHaveLength(2);
    // The shell's forked child becomes `sleep` when it execs, which a busy machine may delay.
    const deadline = Date.now() + 5_000;
    while (processMemory(fromShell[1]!)?.command !== 'sleep 30' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(processMemory(fromShell[1]!)!.command).toBe('sleep 30');
    // The shell's subtree holds neither its parent nor its parent's other children.
    expect(fromShell).not.toContain(process.pid);
  });

  it('is empty for a process that is gone', async () => {
    const shell = await shellWithSleep();
    shell.kill('SIGKILL');
    await new Promise((r) => shell.once('exit', r));
    expect(processTree(shell.pid!)).toEqual([]);
  });
});

describe.runIf(linux)('processMemory', () => {
  it('reads RSS, PSS and anonymous memory of a live process', () => {
    const m = processMemory(process.pid)!;
    expect(m.rssBytes).toBeGreaterThan(10 * 2 ** 20);
    expect(m.pssBytes).toBeGreaterThan(0);
    expect(m.pssBytes!).toBeLessThanOrEqual(m.rssBytes);
    expect(m.anonymousBytes).toBeGreaterThan(0);
    expect(m.command).toContain('node');
  });
});
