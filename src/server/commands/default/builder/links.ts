/**
 * Where things lead and belong: `link` points an exit at a room (or, for anything else, sets
 * its home, as Evennia's link does), `unlink` takes an exit's destination away, `sethome`
 * shows or sets an object's home — where it goes when its room is destroyed, and where the
 * `home` command takes a character.
 */
import type { DefaultObject } from '../../../objects/object.ts';
import { BuilderCommand, named } from './builder-command.ts';
import { splitEquals } from './names.ts';

/** An exit: Evennia calls anything with a destination an exit, and so do the builder commands. */
function isExit(obj: DefaultObject): boolean {
  return obj.kind === 'exit' || obj.destination !== null;
}

export class CmdLink extends BuilderCommand {
  override key = 'link';
  override help = `
    Point an exit at a room. For an object that is not an exit, this sets its home.

    Usage:
      link <exit> = <room or #id>        set where the exit leads
      link/twoway <exit> = <other exit>  each exit leads to the other's room
      link <exit> =                      take its destination away (as unlink)
      link <exit>                        show where it leads

    Examples:
      link north = #12
      link/twoway trapdoor = ladder
  `;

  func(): void {
    const [left, right] = splitEquals(this.args);
    if (left === '') {
      this.msg('Usage: link[/twoway] <exit> [= <room or #id>]');
      return;
    }
    const obj = this.find(left);
    if (obj === null) return;
    if (right === null) {
      const to = isExit(obj) ? obj.destination : obj.home;
      const what = isExit(obj) ? 'leads to' : 'has its home in';
      this.msg(
        to === null ? `${named(obj)} is not linked.` : `${named(obj)} ${what} ${named(to)}.`,
      );
      return;
    }
    if (!this.mayEdit(obj)) {
      this.msg(`You don't have permission to link ${named(obj)}.`);
      return;
    }
    if (right === '') {
      unlinkExit(this, obj);
      return;
    }
    const target = this.find(right);
    if (target === null) return;
    if (this.switches.includes('twoway')) {
      this.twoway(obj, target);
      return;
    }
    if (!isExit(obj)) {
      if (obj.contains(target) || obj === target) {
        this.msg(`${named(obj)} cannot have its home inside itself.`);
        return;
      }
      obj.home = target;
      this.msg(`${named(obj)} is not an exit; its home is now ${named(target)}.`);
      return;
    }
    if (target.location !== null) {
      this.msg(`${named(target)} is not a room (it is inside something); an exit leads to a room.`);
      return;
    }
    obj.destination = target;
    const here = obj.location;
    this.msg(
      `Linked ${named(obj)}${here === null ? '' : ` in ${named(here)}`} to ${named(target)}.`,
    );
  }

  private twoway(a: DefaultObject, b: DefaultObject): void {
    if (!isExit(a) || !isExit(b)) {
      this.msg('link/twoway links two exits: give an exit on each side.');
      return;
    }
    if (!this.mayEdit(b)) {
      this.msg(`You don't have permission to link ${named(b)}.`);
      return;
    }
    const [here, there] = [a.location, b.location];
    if (here === null || there === null || here === there) {
      this.msg('link/twoway needs two exits in two different rooms.');
      return;
    }
    a.destination = there;
    b.destination = here;
    this.msg(`Linked ${named(a)} to ${named(there)} and ${named(b)} back to ${named(here)}.`);
  }
}

export class CmdUnlink extends BuilderCommand {
  override key = 'unlink';
  override help = `
    Take an exit's destination away: it stays, but leads nowhere until linked again.

    Usage:
      unlink <exit>
  `;

  func(): void {
    const query = this.args.trim();
    if (query === '') {
      this.msg('Usage: unlink <exit>');
      return;
    }
    const obj = this.find(query);
    if (obj === null) return;
    if (!this.mayEdit(obj)) {
      this.msg(`You don't have permission to unlink ${named(obj)}.`);
      return;
    }
    unlinkExit(this, obj);
  }
}

function unlinkExit(cmd: BuilderCommand, obj: DefaultObject): void {
  if (!isExit(obj)) {
    cmd.msg(`${named(obj)} is not an exit; only exits have a destination.`);
    return;
  }
  if (obj.destination === null) {
    cmd.msg(`${named(obj)} was not linked.`);
    return;
  }
  const was = obj.destination;
  obj.destination = null;
  cmd.msg(`${named(obj)} no longer leads to ${named(was)}.`);
}

export class CmdSetHome extends BuilderCommand {
  override key = 'sethome';
  override help = `
    Show or set an object's home: where it goes when its room is destroyed, and where
    the home command takes a character.

    Usage:
      sethome <object>                 show its home
      sethome <object> = <room or #id> set it

    Example:
      sethome me = here
  `;

  func(): void {
    const [left, right] = splitEquals(this.args);
    if (left === '' || right === '') {
      this.msg('Usage: sethome <object> [= <room or #id>]');
      return;
    }
    const obj = this.find(left);
    if (obj === null) return;
    if (right === null) {
      const home = obj.home;
      this.msg(
        home === null ? `${named(obj)} has no home.` : `${named(obj)}'s home is ${named(home)}.`,
      );
      return;
    }
    if (!this.mayEdit(obj)) {
      this.msg(`You don't have permission to change the home of ${named(obj)}.`);
      return;
    }
    const home = this.find(right);
    if (home === null) return;
    if (home === obj || obj.contains(home)) {
      this.msg(`${named(obj)} cannot have its home inside itself.`);
      return;
    }
    const old = obj.home;
    obj.home = home;
    this.msg(
      `${named(obj)}'s home is now ${named(home)}${old === null || old === home ? '' : ` (was ${named(old)})`}.`,
    );
  }
}
