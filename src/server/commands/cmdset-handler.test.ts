import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { createLockFuncRegistry } from '../locks/builtin-lock-funcs.ts';
import { CmdSet } from './cmdset.ts';
import { CmdSetHandler } from './cmdset-handler.ts';
import { CmdSetRegistry } from './cmdset-registry.ts';
import { probe } from './test-commands.ts';

class CharacterSet extends CmdSet {
  override key = 'Character';
  override atCmdsetCreation(): void {
    this.add(probe('look'));
  }
}
class BuilderSet extends CmdSet {
  override key = 'Builder';
  override priority = 1;
}
class TempSet extends CmdSet {
  override key = 'Temp';
}

function setup() {
  const lockFuncs = createLockFuncRegistry();
  const registry = new CmdSetRegistry()
    .register('character', CharacterSet)
    .register('builder', BuilderSet);
  const saved: string[][] = [];
  const owner = { key: 'hero' };
  const handler = new CmdSetHandler({
    owner,
    lockFuncs,
    registry,
    persistence: { save: (names) => saved.push(names) },
  });
  return { lockFuncs, registry, saved, owner, handler };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isWaystoneError(err) ? err.code : 'not coded';
  }
  return undefined;
}

describe('CmdSetHandler', () => {
  it('keeps a default at the bottom and a stack above it', () => {
    const { handler, owner } = setup();
    const v0 = handler.version;
    const def = handler.addDefault(CharacterSet);
    const temp = handler.add(new TempSet());
    const builder = handler.add(BuilderSet);
    expect(handler.all()).toEqual([def, temp, builder]);
    expect(handler.default).toBe(def);
    expect(handler.has('Temp')).toBe(true);
    expect(handler.has(BuilderSet)).toBe(true);
    expect(handler.get(temp)).toBe(temp);
    expect(def.owner).toBe(owner);
    expect(handler.version).toBe(v0 + 3);
  });

  it('removes the top set, or by key, class or instance, never the default', () => {
    const { handler } = setup();
    handler.addDefault(CharacterSet);
    handler.add(TempSet);
    const builder = handler.add(BuilderSet);
    expect(handler.remove()).toBe(1);
    expect(builder.owner).toBeNull();
    expect(handler.remove('Character')).toBe(0);
    expect(handler.remove(TempSet)).toBe(1);
    expect(handler.all().map((s) => s.key)).toEqual(['Character']);
    expect(handler.removeDefault()).toBe(true);
    expect(handler.all()).toEqual([]);
    expect(handler.removeDefault()).toBe(false);
  });

  it('saves the persistent sets by registered name, default first', () => {
    const { handler, saved } = setup();
    handler.addDefault(CharacterSet, { persistent: true });
    handler.add(TempSet); // temporary: no save
    handler.add(BuilderSet, { persistent: true });
    expect(saved).toEqual([['character'], ['character', 'builder']]);
    handler.remove(BuilderSet);
    handler.removeDefault();
    expect(saved.slice(2)).toEqual([['character'], ['']]);
  });

  it('refuses a persistent set whose class has no registered name', () => {
    const { handler } = setup();
    expect(codeOf(() => handler.add(TempSet, { persistent: true }))).toBe('CMDSET_NOT_REGISTERED');
    expect(handler.all()).toEqual([]);
  });

  it('restores the sets after a reload; an unknown name is a loud error and changes nothing', () => {
    const { handler, lockFuncs, registry, owner } = setup();
    handler.addDefault(CharacterSet, { persistent: true });
    handler.add(BuilderSet, { persistent: true });
    const names = handler.persistentNames();

    const saved: string[][] = [];
    const fresh = new CmdSetHandler({
      owner,
      lockFuncs,
      registry,
      persistence: { save: (n) => saved.push(n) },
    });
    fresh.restore(names);
    expect(fresh.all().map((s) => s.constructor)).toEqual([CharacterSet, BuilderSet]);
    expect(fresh.default?.get('look')).toBeDefined();
    expect(fresh.persistentNames()).toEqual(names);
    expect(saved).toEqual([]);

    expect(codeOf(() => fresh.restore(['character', 'renamed']))).toBe('CMDSET_UNKNOWN');
    expect(fresh.all().map((s) => s.key)).toEqual(['Character', 'Builder']);
    fresh.restore(['', 'builder']);
    expect(fresh.default).toBeNull();
    expect(fresh.all().map((s) => s.key)).toEqual(['Builder']);
  });

  it('a handler without persistence keeps every set temporary', () => {
    const lockFuncs = createLockFuncRegistry();
    const handler = new CmdSetHandler({ owner: null, lockFuncs });
    handler.add(TempSet, { persistent: true });
    expect(handler.persistentNames()).toEqual([]);
  });

  it('refuses the same instance twice and a set owned elsewhere', () => {
    const { handler, lockFuncs } = setup();
    const temp = handler.add(TempSet);
    expect(codeOf(() => handler.add(temp))).toBe('CMDSET_INVALID');
    const other = new CmdSetHandler({ owner: 'other', lockFuncs });
    expect(codeOf(() => other.add(temp))).toBe('CMDSET_INVALID');
  });

  it('the registry names a class once', () => {
    const registry = new CmdSetRegistry().register('a', TempSet);
    expect(codeOf(() => registry.register('a', BuilderSet))).toBe('CMDSET_INVALID');
    expect(registry.nameOf(new TempSet())).toBe('a');
    expect(codeOf(() => registry.get('b'))).toBe('CMDSET_UNKNOWN');
  });
});
