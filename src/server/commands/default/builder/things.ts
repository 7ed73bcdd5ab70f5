/**
 * Making and unmaking things: `create` a thing in your hands and `destroy` objects. Destroying
 * asks first for rooms and characters, never touches the starting room or a character someone
 * is playing, and moves the characters in a destroyed room to their homes first (or to the
 * starting room), so nobody is left nowhere.
 */
import type { DefaultObject } from '../../../objects/object.ts';
import { moveAndLook } from '../character/puppet.ts';
import { BuilderCommand, MAX_TARGETS, ownerLocks } from './builder-command.ts';
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
    Destroy objects. Rooms and characters are destroyed only after you say yes; the starting
    room and characters someone is playing cannot be destroyed.

    Usage:
      destroy <object>[, <object>…]
  `;

  async func(): Promise<void> {
    const queries = this.args
      .split(',')
      .map((q) => q.trim())
      .filter((q) => q !== '');
    if (queries.length === 0) {
      this.msg('Usage: destroy <object>[, <object>…]');
      return;
    }
    if (queries.length > MAX_TARGETS) {
      this.msg(`You can destroy at most ${MAX_TARGETS} objects at once.`);
      return;
    }
    for (const query of queries) {
      const obj = this.find(query);
      if (obj !== null) await this.destroy(obj);
    }
  }

  private async destroy(obj: DefaultObject): Promise<void> {
    const name = `${obj.getDisplayName(null)}(#${obj.id})`;
    if (obj === this.services.startRoom()) {
      this.msg(`${name} is the starting room; it cannot be destroyed.`);
      return;
    }
    if (obj === this.me || obj.hasAccount) {
      this.msg(`${name} is being played; it cannot be destroyed.`);
      return;
    }
    if (!obj.locks.check(this.me, 'delete')) {
      this.msg(`You don't have permission to destroy ${name}.`);
      return;
    }
    const isRoom = obj.location === null && obj.destination === null;
    if (isRoom || obj.isCharacter) {
      const what = isRoom ? `the room ${name} and every exit in it` : `the character ${name}`;
      if (!(await this.yesNo(`Destroy ${what}?`))) {
        this.msg(`${name} was not destroyed.`);
        return;
      }
      if (obj.isDeleted) return;
    }
    if (isRoom) await this.evacuate(obj);
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
