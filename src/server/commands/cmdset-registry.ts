/**
 * Stable names for cmdset classes, so persistent cmdsets can be stored as names and rebuilt
 * after a reload (Evennia stores Python paths; a registered name survives moving a file). One
 * instance per game, filled by the composition root and passed to every cmdset handler.
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { CmdSet, CmdSetClass } from './cmdset.ts';

export class CmdSetRegistry {
  private readonly byName = new Map<string, CmdSetClass>();
  private readonly names = new Map<CmdSetClass, string>();

  /** Register a class under a name; a name is taken once, by one class. */
  register(name: string, cls: CmdSetClass): this {
    const existing = this.byName.get(name);
    if (existing !== undefined && existing !== cls) {
      throw new WaystoneError('CMDSET_INVALID', `The cmdset name '${name}' is already registered.`);
    }
    if (name.trim() === '') {
      throw new WaystoneError('CMDSET_INVALID', 'A cmdset name cannot be empty.');
    }
    this.byName.set(name, cls);
    this.names.set(cls, name);
    return this;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The class registered under `name`; `CMDSET_UNKNOWN` when there is none. */
  get(name: string): CmdSetClass {
    const cls = this.byName.get(name);
    if (cls === undefined) {
      throw new WaystoneError(
        'CMDSET_UNKNOWN',
        `No cmdset is registered as '${name}' (was it renamed or removed from the game?).`,
      );
    }
    return cls;
  }

  /** The registered name of a set's class, if any. */
  nameOf(cmdset: CmdSet | CmdSetClass): string | undefined {
    const cls = typeof cmdset === 'function' ? cmdset : (cmdset.constructor as CmdSetClass);
    return this.names.get(cls);
  }

  create(name: string): CmdSet {
    const Cls = this.get(name);
    return new Cls();
  }
}
