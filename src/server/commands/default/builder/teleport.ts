/**
 * `teleport [<obj> =] <room or #id>` (`tel`): move yourself, or something, anywhere. The object's
 * `teleport` lock and the destination's `teleport_here` lock decide; the rooms see it go and come.
 */
import { moveAndLook } from '../character/puppet.ts';
import { BuilderCommand } from './builder-command.ts';
import { splitEquals } from './names.ts';

export class CmdTeleport extends BuilderCommand {
  override key = 'teleport';
  override aliases = ['tel'];
  override help = `
    Move yourself, or an object, to a room (or into another object).

    Usage:
      teleport <room or #id>
      teleport <object> = <room or #id>
  `;

  async func(): Promise<void> {
    const [left, right] = splitEquals(this.args);
    if (left === '' || right === '') {
      this.msg('Usage: teleport [<object> =] <room or #id>');
      return;
    }
    const self = this.me;
    const obj = right === null ? self : this.find(left);
    if (obj === null) return;
    const destination = this.find(right ?? left);
    if (destination === null) return;
    const what = obj === self ? 'You are' : `${obj.getDisplayName(self)} is`;
    if (obj.location === destination) {
      this.msg(`${what} already in ${destination.getDisplayName(self)}.`);
      return;
    }
    if (obj.contains(destination)) {
      this.msg("You can't teleport an object into itself (or into something it holds).");
      return;
    }
    if (!obj.locks.check(self, 'teleport', true)) {
      this.msg(`${obj.getDisplayName(self)} cannot be teleported.`);
      return;
    }
    if (!destination.locks.check(self, 'teleport_here', true)) {
      this.msg(`Nothing can be teleported to ${destination.getDisplayName(self)}.`);
      return;
    }
    if (obj !== self) obj.msg(`${self.getDisplayName(null)} teleports you away.`);
    if (!(await moveAndLook(obj, destination))) {
      this.msg('The teleport failed: something kept it where it was.');
      return;
    }
    if (obj !== self) {
      this.msg(`Teleported ${obj.getDisplayName(self)} -> ${destination.getDisplayName(self)}.`);
    }
  }
}
