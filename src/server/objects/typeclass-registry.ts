/**
 * Stable names for object classes: an object is stored with its class's registered name and
 * rebuilt from it on load (Evennia stores Python paths; a registered name survives moving a
 * file). One instance per game, filled by the composition root and the game's setup, handed to
 * the object manager. The four defaults are registered under their own names.
 *
 * A stored name nobody registered is TYPECLASS_MISSING, naming it: silently using another
 * class would run the wrong game code on that object.
 */
import { WaystoneError } from '../../shared/errors.ts';
import { DefaultCharacter } from './character.ts';
import { DefaultExit } from './exit.ts';
import { DefaultObject, type ObjectClass } from './object.ts';
import { DefaultRoom } from './room.ts';

export class TypeclassRegistry {
  readonly #byName = new Map<string, ObjectClass>();
  readonly #names = new Map<ObjectClass, string>();

  constructor() {
    this.register('DefaultObject', DefaultObject)
      .register('DefaultCharacter', DefaultCharacter)
      .register('DefaultRoom', DefaultRoom)
      .register('DefaultExit', DefaultExit);
  }

  /** A name is taken once, by one class (GAME_CODE otherwise); registering again is a no-op. */
  register(name: string, cls: ObjectClass<DefaultObject>): this {
    if (name.trim() === '') {
      throw new WaystoneError('GAME_CODE', 'A typeclass name cannot be empty.');
    }
    const existing = this.#byName.get(name);
    if (existing !== undefined && existing !== cls) {
      throw new WaystoneError(
        'GAME_CODE',
        `The typeclass name '${name}' is already registered to another class.`,
      );
    }
    this.#byName.set(name, cls);
    if (!this.#names.has(cls)) this.#names.set(cls, name);
    return this;
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** The class registered under `name`; TYPECLASS_MISSING naming it when there is none. */
  get(name: string): ObjectClass {
    const cls = this.#byName.get(name);
    if (cls === undefined) {
      throw new WaystoneError(
        'TYPECLASS_MISSING',
        `Object typeclass '${name}' is not registered (was it renamed or removed from the game?).`,
      );
    }
    return cls;
  }

  /** The name a class is stored under; TYPECLASS_MISSING for an unregistered class. */
  nameOf(cls: ObjectClass<DefaultObject>): string {
    const name = this.#names.get(cls);
    if (name === undefined) {
      throw new WaystoneError(
        'TYPECLASS_MISSING',
        `Object class ${cls.name} is not registered as a typeclass.`,
      );
    }
    return name;
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }
}
