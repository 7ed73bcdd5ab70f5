import { describe, expect, it } from 'vitest';
import type { QueuedWrite, Repositories, UnitOfWork } from '../storage/types.ts';
import { WriteScopes } from './write-scopes.ts';

/** A unit of work that records the writes it committed, by label. */
class FakeWork {
  readonly writes: QueuedWrite[] = [];
  committed = false;
  constructor(
    private readonly log: string[][],
    private readonly fail = false,
  ) {}
  get size(): number {
    return this.writes.length;
  }
  add(write: QueuedWrite): void {
    this.writes.push(write);
  }
  async commit(): Promise<void> {
    await Promise.resolve();
    if (this.fail) throw new Error('commit failed');
    const labels: string[] = [];
    for (const write of this.writes) labels.push((await write({} as Repositories)) as string);
    this.log.push(labels);
    this.committed = true;
  }
}

function scopes(failing = false) {
  const commits: string[][] = [];
  const errors: unknown[] = [];
  const s = new WriteScopes(
    () => new FakeWork(commits, failing) as unknown as UnitOfWork,
    (err) => errors.push(err),
  );
  const mark = (key: string, label = key) => s.markDirty(key, async () => label);
  return { s, commits, errors, mark };
}

describe('WriteScopes', () => {
  it('commits one batch in one unit, after fn, including across awaits', async () => {
    const { s, commits, mark } = scopes();
    const result = await s.batch(async () => {
      mark('a');
      await new Promise((r) => setTimeout(r, 1));
      mark('b');
      expect(commits).toEqual([]);
      return 42;
    });
    expect(result).toBe(42);
    expect(commits).toEqual([['a', 'b']]);
  });

  it('collapses repeated changes of one key to one write, ordered by the last change', async () => {
    const { s, commits, mark } = scopes();
    await s.batch(() => {
      mark('a', 'a1');
      mark('b');
      mark('a', 'a2');
    });
    expect(commits).toEqual([['b', 'a2']]);
  });

  it('joins an enclosing batch', async () => {
    const { s, commits, mark } = scopes();
    await s.batch(async () => {
      mark('outer');
      await s.batch(() => mark('inner'));
      expect(commits).toEqual([]);
    });
    expect(commits).toEqual([['outer', 'inner']]);
  });

  it("commits into the caller's own unit of work", async () => {
    const { s, commits, mark } = scopes();
    const mine = new FakeWork(commits);
    mine.add(async () => 'account write');
    await s.batch(() => mark('object write'), mine as unknown as UnitOfWork);
    expect(mine.committed).toBe(true);
    expect(commits).toEqual([['account write', 'object write']]);
  });

  it('still commits what a failing batch changed, then rethrows', async () => {
    const { s, commits, mark } = scopes();
    await expect(
      s.batch(() => {
        mark('done before the error');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(commits).toEqual([['done before the error']]);
  });

  it('commits changes outside a batch at the end of the turn, or on flush', async () => {
    const { s, commits, mark } = scopes();
    mark('x');
    mark('y');
    expect(s.inBatch).toBe(false);
    await new Promise((r) => setImmediate(r));
    await s.flush();
    expect(commits).toEqual([['x', 'y']]);
    mark('z');
    await s.flush();
    expect(commits).toEqual([['x', 'y'], ['z']]);
  });

  it('writes made after a batch ended (a timer it started) go to the shared unit', async () => {
    const { s, commits, mark } = scopes();
    let later: Promise<void> = Promise.resolve();
    await s.batch(() => {
      later = new Promise((resolve) =>
        setTimeout(() => {
          mark('late');
          resolve();
        }, 1),
      );
    });
    await later;
    await s.flush();
    expect(commits).toEqual([['late']]);
  });

  it('reports a failed shared commit to whoever flushes, and to onError when nobody does', async () => {
    const { s, errors, mark } = scopes(true);
    mark('x');
    await expect(s.flush()).rejects.toThrow('commit failed');
    mark('y');
    await new Promise((r) => setTimeout(r, 5));
    expect(errors).toHaveLength(1);
  });
});
