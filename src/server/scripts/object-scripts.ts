/**
 * `obj.scripts`: the scripts on one object, as Evennia's `obj.scripts` handler — a thin view
 * over the ScriptManager (the object keeps nothing itself, so objects without scripts cost
 * nothing for them).
 */
import type { DefaultObject } from '../objects/object.ts';
import type { Script, ScriptClass } from './script.ts';
import type { AddScriptOptions, ScriptManager } from './script-manager.ts';

export class ObjectScripts {
  constructor(
    private readonly manager: ScriptManager,
    private readonly obj: DefaultObject,
  ) {}

  /** A new script on this object (see ScriptManager.add). */
  add<T extends Script>(
    what: ScriptClass<T> | string,
    options: Omit<AddScriptOptions, 'obj'> = {},
  ): Promise<Script> {
    return this.manager.add(what, { ...options, obj: this.obj });
  }

  /** The script with this key and class on this object, made if there is none. */
  ensure(what: ScriptClass | string, options: Omit<AddScriptOptions, 'obj'> = {}): Promise<Script> {
    return this.manager.ensure(what, { ...options, obj: this.obj });
  }

  /** The first script with this key (case-insensitive). */
  get(key: string): Script | undefined {
    return this.manager.find({ key, obj: this.obj })[0];
  }

  all(): Script[] {
    return this.manager.find({ obj: this.obj });
  }

  /** Stops every script with this key; how many were stopped. */
  async stop(key: string): Promise<number> {
    const found = this.manager.find({ key, obj: this.obj });
    for (const script of found) await script.stop();
    return found.length;
  }
}
