/**
 * `teleport [<obj> =] <room or #id>` (`tel`): move yourself, or something, anywhere. The
 * object's `teleport` lock and the destination's `teleport_here` lock decide; the rooms see it
 * go and come unless /quiet. Naming an exit goes where it leads (/intoexit: into the exit
 * object itself); /loc goes to where the target is rather than into it.
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
      teleport[/switches] <room or #id>
      teleport[/switches] <object> = <room or #id>

    Switches:
      quiet     the rooms are not told of the move
      loc       go to where the target is, not into it
      intoexit  when the target is an exit, go into the exit itself, not where it leads

    Examples:
      tel #2
      tel/quiet bell = here
      tel/loc me = Ann
  `;

  async func(): Promise<void> {
    const [left, right] = splitEquals(this.args);
    if (left === '' || right === '') {
      this.msg('Usage: teleport[/quiet|/loc|/intoexit] [<object> =] <room or #id>');
      return;
    }
    const self = this.me;
    const obj = right === null ? self : this.find(left);
    if (obj === null) return;
    const target = this.find(right ?? left);
    if (target === null) return;
    let destination = target;
    if (this.switches.includes('loc')) {
      if (target.location === null) {
        this.msg(`${target.getDisplayName(self)} is not anywhere (it is a room, or nowhere).`);
        return;
      }
      destination = target.location;
    } else if (target.destination !== null && !this.switches.includes('intoexit')) {
      destination = target.destination;
    }
    const what = obj === self ? 'You are' : `${obj.getDisplayName(self)} is`;
    if (obj.location === destination) {
      this.msg(`${what} already in ${destination.getDisplayName(self)}.`);
      return;
    }
    if (obj === destination || obj.contains(destination)) {
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
    const quiet = this.switches.includes('quiet');
    if (obj !== self && !quiet) obj.msg(`${self.getDisplayName(null)} teleports you away.`);
    if (!(await moveAndLook(obj, destination, { quiet }))) {
      this.msg('The teleport failed: something kept it where it was.');
      return;
    }
    if (obj !== self) {
      this.msg(`Teleported ${obj.getDisplayName(self)} -> ${destination.getDisplayName(self)}.`);
    }
  }
}
