/**
 * Script classes by stable name: a stored script finds its class again by the name it was
 * registered under (`game.registerScript('Toll', Toll)`). Keep names stable — renaming one
 * strands the stored scripts of that name (they are logged and left alone, not deleted).
 */
import { WaystoneError } from '../../shared/errors.ts';
import { Script, type ScriptClass } from './script.ts';

export class ScriptRegistry {
  readonly #byName = new Map<string, ScriptClass>([['Script', Script]]);
  readonly #names = new Map<ScriptClass, string>([[Script, 'Script']]);

  register(name: string, cls: ScriptClass): void {
    if (typeof cls !== 'function' || !(cls.prototype instanceof Script || cls === Script)) {
      throw new WaystoneError(
        'SCRIPT_INVALID',
        `registerScript('${name}') needs a class that extends Script.`,
      );
    }
    const known = this.#byName.get(name);
    if (known !== undefined && known !== cls) {
      throw new WaystoneError(
        'SCRIPT_INVALID',
        `Another script class is already registered as '${name}'.`,
      );
    }
    this.#byName.set(name, cls);
    this.#names.set(cls, name);
  }

  get(name: string): ScriptClass | undefined {
    return this.#byName.get(name);
  }

  /** The name a class is registered under, or null. */
  nameOf(cls: ScriptClass): string | null {
    return this.#names.get(cls) ?? null;
  }

  names(): string[] {
    return [...this.#byName.keys()].sort();
  }
}
