import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { DefaultCharacter } from './character.ts';
import { DefaultExit } from './exit.ts';
import { DefaultObject } from './object.ts';
import { DefaultRoom } from './room.ts';
import { TypeclassRegistry } from './typeclass-registry.ts';

class Sword extends DefaultObject {}
class Axe extends DefaultObject {}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isWaystoneError(err) ? err.code : 'not a WaystoneError';
  }
  return undefined;
}

describe('TypeclassRegistry', () => {
  it('knows the four defaults by their names', () => {
    const registry = new TypeclassRegistry();
    expect(registry.get('DefaultObject')).toBe(DefaultObject);
    expect(registry.get('DefaultCharacter')).toBe(DefaultCharacter);
    expect(registry.get('DefaultRoom')).toBe(DefaultRoom);
    expect(registry.get('DefaultExit')).toBe(DefaultExit);
    expect(registry.nameOf(DefaultRoom)).toBe('DefaultRoom');
  });

  it('stores a game class under a stable name, idempotently', () => {
    const registry = new TypeclassRegistry().register('Sword', Sword).register('Sword', Sword);
    expect(registry.get('Sword')).toBe(Sword);
    expect(registry.nameOf(Sword)).toBe('Sword');
    expect(registry.names()).toContain('Sword');
  });

  it('refuses a name taken by another class, or an empty name', () => {
    const registry = new TypeclassRegistry().register('Sword', Sword);
    expect(codeOf(() => registry.register('Sword', Axe))).toBe('GAME_CODE');
    expect(codeOf(() => registry.register(' ', Axe))).toBe('GAME_CODE');
  });

  it('is loud about a missing class, naming it', () => {
    const registry = new TypeclassRegistry();
    expect(codeOf(() => registry.get('Dragon'))).toBe('TYPECLASS_MISSING');
    expect(() => registry.get('Dragon')).toThrow(/'Dragon'/);
    expect(codeOf(() => registry.nameOf(Axe))).toBe('TYPECLASS_MISSING');
    expect(() => registry.nameOf(Axe)).toThrow(/Axe/);
  });

  it('gives each class its default locks', () => {
    expect(DefaultObject.defaultLocks(1)).toContain('get:all()');
    expect(DefaultCharacter.defaultLocks(1)).toContain('get:false()');
    expect(DefaultExit.defaultLocks(1)).toContain('traverse:all()');
    expect(DefaultRoom.defaultLocks(1)).toContain('puppet:false()');
  });
});
