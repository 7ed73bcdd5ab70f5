/**
 * A builder's prototype outlives the Server: `save` commits with the batch it was made in (a
 * command's), and a new registry on the same database finds it again; a row that no longer
 * parses is skipped and reported, not fatal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLockFuncRegistry } from '../locks/builtin-lock-funcs.ts';
import { objectManager } from '../objects/test-support.ts';
import { TypeclassRegistry } from '../objects/typeclass-registry.ts';
import { openStorage } from '../storage/open-storage.ts';
import { silentLog } from '../storage/test-support.ts';
import type { Storage } from '../storage/types.ts';
import { PrototypeRegistry } from './registry.ts';

const dirs: string[] = [];
const open: Storage[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close().catch(() => undefined)));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function storageIn(dir: string): Promise<Storage> {
  const storage = await openStorage({
    gameDir: dir,
    databaseUrl: '',
    databaseFile: 'game.sqlite3',
    log: silentLog,
  });
  open.push(storage);
  return storage;
}

function registry(storage: Storage) {
  const objects = objectManager(storage);
  const prototypes = new PrototypeRegistry({
    objects,
    typeclasses: new TypeclassRegistry(),
    lockFuncs: createLockFuncRegistry(),
  });
  return { objects, prototypes };
}

describe('stored prototypes', () => {
  it('are committed with their batch and found again by a new Server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waystone-prototypes-'));
    dirs.push(dir);
    const first = await storageIn(dir);
    const a = registry(first);
    await a.objects.batch(() => {
      a.prototypes.save({
        prototypeKey: 'Lamp',
        key: 'lamp',
        attributes: { lit: { $pick: [true, false] }, made: new Date(0) },
      });
      a.prototypes.save({ prototypeKey: 'gone', key: 'gone' });
    });
    await a.objects.batch(() => a.prototypes.delete('GONE'));
    expect((await first.prototypes.list()).map((r) => r.key)).toEqual(['Lamp']);
    await first.close();

    const second = await storageIn(dir);
    const b = registry(second);
    expect(await b.prototypes.loadStored(second.prototypes)).toEqual([]);
    expect(b.prototypes.get('lamp')).toEqual({
      source: 'database',
      prototype: {
        prototypeKey: 'Lamp',
        key: 'lamp',
        attributes: { lit: { $pick: [true, false] }, made: new Date(0) },
      },
    });
    expect(b.prototypes.get('gone')).toBeUndefined();
  });

  it('skips, and reports, a stored row that no longer parses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waystone-prototypes-'));
    dirs.push(dir);
    const storage = await storageIn(dir);
    await storage.prototypes.save({ key: 'broken', data: { colour: 'red' } });
    await storage.prototypes.save({ key: 'fine', data: { key: 'fine' } });
    const { prototypes } = registry(storage);
    const problems = await prototypes.loadStored(storage.prototypes);
    expect(problems).toEqual([
      'stored prototype \'broken\': Unknown prototype field \'colour\' (known: prototypeKey, prototypeParent, prototypeDesc, key, typeclass, attributes, tags, aliases, locks, home, location). An attribute goes under "attributes": {"attributes": {"hp": 10}}.',
    ]);
    expect(prototypes.list().map((e) => e.prototype.prototypeKey)).toEqual(['fine']);
  });
});
