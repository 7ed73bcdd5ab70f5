/**
 * Making and unmaking things: `create` a thing in your hands and `destroy` objects. Destroying
 * asks first (unless /force), never touches the starting room or the builder's own character,
 * takes a character someone is playing only with /override, and moves the characters in a
 * destroyed room to their homes first (or to the starting room), so nobody is left nowhere.
 */
import type { DefaultObject } from '../../../objects/object.ts';
import { moveAndLook } from '../character/puppet.ts';
import { BuilderCommand, MAX_TARGETS, named, ownerLocks } from './builder-command.ts';
import { inRange, parseDbrefRange } from './dbref-range.ts';
import { parseNameSpec } from './names.ts';

export class CmdCreate extends BuilderCommand {
  override key = 'create';
  override help = `
    Make a new thing; it appears in your inventory.

    Usage:
      create <name>[;alias…][:typeclass]

    Example:
      create brass bell;bell:Bell
  `;

  async func(): Promise<void> {
    if (this.args.trim() === '') {
      this.msg('Usage: create <name>[;alias…][:typeclass]');
      return;
    }
    const spec = parseNameSpec(this.args, true);
    if (typeof spec === 'string') return this.msg(spec);
    const self = this.me;
    const thing = await this.attempt(() =>
      this.services.objects.create({
        typeclass: spec.typeclass ?? 'DefaultObject',
        key: spec.key,
        aliases: spec.aliases,
        location: self,
        // Dropped and then orphaned, it goes back to where it was made.
        home: self.location ?? self,
        locks: ownerLocks(self),
      }),
    );
    if (thing === null) return;
    this.msg(`You create a new ${thing.typeclass}: ${thing.getDisplayName(self)}.`);
  }
}

export class CmdDestroy extends BuilderCommand {
  override key = 'destroy';
  override aliases = ['delete', 'del'];
  override help = `
    Destroy objects, after you say yes. Destroying a room destroys the exits in it and
    sends the characters there home first; its other contents go home too.

    Usage:
      destroy[/force][/override] <object or #min-#max>[, …]

    Switches:
      force     do not ask
      override  also destroy a character someone is playing (they are sent out of
                character first)

    The starting room cannot be destroyed, nor your own character.

    Examples:
      destroy pebble, rock
      destroy/force #20-#25
  `;

  async func(): Promise<void> {
    const queries = this.args
      .split(',')
      .map((q) => q.trim())
      .filter((q) => q !== '');
    if (queries.length === 0) {
      this.msg('Usage: destroy[/force][/override] <object or #min-#max>[, …]');
      return;
    }
    const found = this.targets(queries);
    if (found === null) return;
    const targets = found.filter((obj) => this.mayDestroy(obj));
    if (targets.length === 0) return;
    if (!this.switches.includes('force')) {
      const sure = await this.yesNo(`Destroy ${targets.map(describeTarget).join(', ')}?`);
      if (!sure) {
        const names = targets.map(named).join(', ');
        this.msg(`${names} ${targets.length === 1 ? 'was' : 'were'} not destroyed.`);
        return;
      }
    }
    for (const obj of targets) if (!obj.isDeleted) await this.destroy(obj);
  }

  /** The objects named (ranges expanded), each once; null (told) when too many or unknown. */
  private targets(queries: readonly string[]): DefaultObject[] | null {
    const found = new Set<DefaultObject>();
    for (const query of queries) {
      const range = parseDbrefRange(query);
      const objs =
        range === null
          ? [this.find(query)]
          : this.services.objects.all().filter((o) => inRange(o.id, range));
      if (objs.includes(null)) return null;
      for (const obj of objs as DefaultObject[]) found.add(obj);
      if (found.size > MAX_TARGETS) {
        this.msg(`You can destroy at most ${MAX_TARGETS} objects at once.`);
        return null;
      }
    }
    if (found.size === 0) this.msg(`Nothing has an id in ${queries.join(', ')}.`);
    return [...found];
  }

  /** False, with the reason told, for what this command will not destroy. */
  private mayDestroy(obj: DefaultObject): boolean {
    const name = named(obj);
    if (obj === this.services.startRoom()) {
      this.msg(`${name} is the starting room; it cannot be destroyed.`);
      return false;
    }
    if (obj === this.me) {
      this.msg(`${name} is you; you cannot destroy yourself.`);
      return false;
    }
    if (obj.hasAccount && !this.switches.includes('override')) {
      this.msg(`${name} is being played; use destroy/override to destroy it anyway.`);
      return false;
    }
    if (!obj.locks.check(this.me, 'delete')) {
      this.msg(`You don't have permission to destroy ${name}.`);
      return false;
    }
    return true;
  }

  private async destroy(obj: DefaultObject): Promise<void> {
    const name = named(obj);
    if (isRoom(obj)) await this.evacuate(obj);
    if (obj.hasAccount) {
      // Out of character first, everywhere it is played (the puppeting layer's own rules).
      await this.services.puppeting.deleteCharacter(obj);
      this.msg(obj.isDeleted ? `${name} was destroyed.` : `${name} refused to be destroyed.`);
      return;
    }
    if (await this.services.objects.delete(obj)) this.msg(`${name} was destroyed.`);
    else this.msg(`${name} refused to be destroyed.`);
  }

  /** Characters in a room about to go are sent home (or to the starting room) first. */
  private async evacuate(room: DefaultObject): Promise<void> {
    const start = this.services.startRoom();
    for (const inside of room.contents) {
      if (!inside.isCharacter) continue;
      const home = inside.home;
      const to = home !== null && home !== room && !room.contains(home) ? home : start;
      inside.msg('The room around you dissolves, and you find yourself elsewhere.');
      await moveAndLook(inside, to);
    }
  }
}

function isRoom(obj: DefaultObject): boolean {
  return obj.location === null && obj.destination === null && obj.kind !== 'exit';
}

/** How the question names it: rooms and characters said as such. */
function describeTarget(obj: DefaultObject): string {
  if (isRoom(obj)) return `the room ${named(obj)} and every exit in it`;
  return obj.isCharacter ? `the character ${named(obj)}` : named(obj);
}
