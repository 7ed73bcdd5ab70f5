import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { createLockFuncRegistry } from '../locks/builtin-lock-funcs.ts';
import { Command } from './command.ts';
import { CmdSet } from './cmdset.ts';
import { CMD_NOMATCH } from './system-keys.ts';
import { keys, probe, Probe } from './test-commands.ts';

class CmdLook extends Command {
  override key = 'look';
  override aliases = ['l', 'LS'];
  func(): void {}
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isWaystoneError(err) ? err.code : 'not coded';
  }
  return undefined;
}

describe('CmdSet', () => {
  it('fills itself in atCmdsetCreation, lazily, after the subclass fields are set', () => {
    let seenKey = '';
    class Mine extends CmdSet {
      override key = 'Mine';
      override atCmdsetCreation(): void {
        seenKey = this.key;
        this.add(CmdLook);
        this.add(probe('say', ["'"]));
      }
    }
    const set = new Mine();
    expect(keys(set)).toEqual(['look', 'say']);
    expect(seenKey).toBe('Mine');
    expect(set.get('L')?.key).toBe('look');
    expect(set.get('ls')?.key).toBe('look');
    expect(set.has("'")).toBe(true);
  });

  it('a command with an overlapping key or alias replaces the old one', () => {
    const set = new CmdSet();
    set.add([probe('look', ['l']), probe('get')]);
    set.add(probe('l'));
    expect(keys(set)).toEqual(['get', 'l']);
  });

  it('removes by name, by class and by instance', () => {
    const set = new CmdSet();
    const get = probe('get', ['take']);
    set.add([CmdLook, get, probe('drop'), probe('give')]);
    expect(set.remove('TAKE')).toBe(true);
    expect(set.remove(CmdLook)).toBe(true);
    expect(set.remove(probe('drop'))).toBe(true);
    expect(set.remove('nothing')).toBe(false);
    expect(keys(set)).toEqual(['give']);
  });

  it('bumps its version on every change', () => {
    const set = new CmdSet();
    const v0 = set.version;
    set.add(probe('a'));
    set.remove('a');
    set.touch();
    expect(set.version).toBe(v0 + 3);
  });

  it('keeps system commands apart', () => {
    const set = new CmdSet();
    set.add([probe(CMD_NOMATCH), probe('x')]);
    expect(keys(set)).toEqual(['x']);
    expect(set.systemCommands.map((c) => c.key)).toEqual([CMD_NOMATCH]);
  });

  it('an instance in a second set is shared by prototype, so each knows its own set', () => {
    const shared = probe('push');
    const one = new CmdSet();
    const two = new CmdSet();
    one.add(shared);
    two.add(shared);
    const inTwo = two.get('push') as Probe;
    expect(inTwo).not.toBe(shared);
    expect(Object.getPrototypeOf(inTwo)).toBe(shared);
    expect(shared.origin).toBe(one);
    expect(inTwo.origin).toBe(two);
  });

  it('a command without a key is refused with COMMAND_INVALID', () => {
    class NoKey extends Command {
      func(): void {}
    }
    expect(codeOf(() => new CmdSet().add(NoKey))).toBe('COMMAND_INVALID');
  });

  it('compiles command locks when attached: a malformed one is LOCK_INVALID then', () => {
    const lockFuncs = createLockFuncRegistry();
    const set = new CmdSet();
    set.add(new Probe('bad', [], [], 'cmd:perm(Admin'));
    expect(codeOf(() => set.attach('owner', lockFuncs))).toBe('LOCK_INVALID');
    const good = new CmdSet();
    good.attach('owner', lockFuncs);
    expect(codeOf(() => good.add(new Probe('bad', [], [], 'cmd:nosuch()')))).toBe('LOCK_INVALID');
    expect(codeOf(() => good.attach('someone else', lockFuncs))).toBe('CMDSET_INVALID');
  });
});
