/**
 * What every builder command shares: the `cmd:perm(Builder)` lock and the Building help
 * category, the GameServices it reaches the world through, finding an object by name or `#id`
 * anywhere in the world, and the permission checks builders pass on what they made.
 */
import type { GameServices } from '../../../game-services.ts';
import type { LockSubject } from '../../../locks/lock-subject.ts';
import { DefaultExit } from '../../../objects/exit.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { WaystoneError } from '../../../../shared/errors.ts';
import { isStorageError } from '../../../storage/availability.ts';
import { Command } from '../../command.ts';
import { puppetOf } from '../character/puppet.ts';

/** Most objects one builder command acts on (`destroy a, b, …`). */
export const MAX_TARGETS = 20;

export abstract class BuilderCommand extends Command {
  override locks = 'cmd:perm(Builder)';
  override helpCategory = 'Building';

  constructor(protected readonly services: GameServices) {
    super();
  }

  protected get me(): DefaultObject {
    return puppetOf(this);
  }

  /**
   * One object by what the builder typed: `#12` anywhere, `me`, `here`, a name nearby (the
   * room, what is in it, what you carry), else a name anywhere in the world. None or several:
   * says so and returns null.
   */
  protected find(query: string): DefaultObject | null {
    const { objects } = this.services;
    const self = this.me;
    let matches = objects.search(self, query, { global: true });
    if (matches.length === 0) matches = objects.search(self, query, { candidates: objects.all() });
    const [only] = matches;
    if (only === undefined) {
      this.msg(`Could not find '${neutralise(query.trim())}'.`);
      return null;
    }
    if (matches.length > 1) {
      const lines = matches
        .slice(0, MAX_TARGETS)
        .map((m, i) => ` ${i + 1}-${m.getDisplayName(self)}${where(m, self)}`);
      this.msg(
        [`More than one match for '${neutralise(query.trim())}' (use #id):`, ...lines].join('\n'),
      );
      return null;
    }
    return only;
  }

  /** `control` or `edit` access, as Evennia's building commands ask. */
  protected mayEdit(obj: DefaultObject): boolean {
    return canEdit(obj, this.me);
  }

  /**
   * Runs `fn`, turning a WaystoneError (a bad typeclass, lock…) into a message. Storage errors
   * go on to the command handler, which logs them and tells the player only that it failed.
   */
  protected async attempt<T>(fn: () => Promise<T>): Promise<T | null> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof WaystoneError && !isStorageError(err)) {
        this.msg(err.message);
        return null;
      }
      throw err;
    }
  }
}

/** `name(#12)`, as builders see objects in replies (neutralised). */
export function named(obj: DefaultObject): string {
  return `${obj.getDisplayName(null)}(#${obj.id})`;
}

/** An exit's command is its name and aliases: after changing its aliases, rebuild it. */
export function aliasesChanged(obj: DefaultObject): void {
  if (obj instanceof DefaultExit && obj.cmdset.has('ExitCmdSet')) obj.refreshCmdset();
}

export function canEdit(obj: DefaultObject, who: LockSubject): boolean {
  return obj.locks.check(who, 'control') || obj.locks.check(who, 'edit');
}

/** The locks that let the builder who made something keep control of it. */
export function ownerLocks(builder: DefaultObject): string {
  const me = `id(${builder.id}) or perm(Admin)`;
  return `control:${me};edit:${me};delete:${me}`;
}

function where(obj: DefaultObject, looker: DefaultObject): string {
  const at = obj.location;
  return at === null ? '' : ` (in ${at.getDisplayName(looker)})`;
}
