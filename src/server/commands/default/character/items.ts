/**
 * Things in hand: `get`, `drop`, `give`, `inventory`. The `get` and `drop` locks on the thing
 * decide (a failed `get` shows the thing's `get_err_msg` attribute when it has one, as in
 * Evennia), and the room sees what happened, with names neutralised. Things are named with
 * their articles ("You pick up a brass lantern."; objects/articles.ts).
 */
import { capitalize, withoutArticle } from '../../../objects/articles.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import { matchObjects } from '../../../objects/search.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { Command } from '../../command.ts';
import { puppetOf, searchNamed } from './puppet.ts';

/** The room sees `text`, except the actor (and whoever else is listed). */
function tellRoom(actor: DefaultObject, text: string, also: DefaultObject[] = []): void {
  actor.location?.msgContents(text, { exclude: [actor, ...also], from: actor });
}

/** How the room hears of it: "a brass lantern", "Ann". */
function name(obj: DefaultObject): string {
  return obj.getIndefiniteName(null);
}

/** The one acting, at the start of a sentence. */
function actor(obj: DefaultObject): string {
  return capitalize(obj.getIndefiniteName(null));
}

export class CmdGet extends Command {
  override key = 'get';
  override aliases = ['grab'];
  override help = `
    Pick something up from the room.

    Usage:
      get <thing>
  `;

  async func(): Promise<void> {
    const self = puppetOf(this);
    const query = this.args.trim();
    if (query === '') {
      this.msg('Get what?');
      return;
    }
    const here = self.location;
    const around = here === null ? [] : here.contents.filter((o) => o !== self);
    const thing = searchNamed(self, query, { candidates: around });
    if (thing === null) return;
    if (thing.destination !== null || !thing.locks.check(self, 'get', true)) {
      const custom = thing.db.get_err_msg;
      this.msg(typeof custom === 'string' ? neutralise(custom) : "You can't get that.");
      return;
    }
    if (!(await thing.moveTo(self, { quiet: true }))) {
      this.msg("You can't get that.");
      return;
    }
    this.msg(`You pick up ${thing.getIndefiniteName(self)}.`);
    tellRoom(self, `${actor(self)} picks up ${name(thing)}.`);
  }
}

export class CmdDrop extends Command {
  override key = 'drop';
  override help = `
    Put something you carry down in the room.

    Usage:
      drop <thing>
  `;

  async func(): Promise<void> {
    const self = puppetOf(this);
    const query = this.args.trim();
    if (query === '') {
      this.msg('Drop what?');
      return;
    }
    const here = self.location;
    const thing = carried(this, self, query);
    if (thing === null) return;
    if (here === null) {
      this.msg('There is nowhere to drop it.');
      return;
    }
    if (!thing.locks.check(self, 'drop', true)) {
      this.msg("You can't drop that.");
      return;
    }
    if (!(await thing.moveTo(here, { quiet: true }))) {
      this.msg("You can't drop that.");
      return;
    }
    this.msg(`You drop ${thing.getIndefiniteName(self)}.`);
    tellRoom(self, `${actor(self)} drops ${name(thing)}.`);
  }
}

export class CmdGive extends Command {
  override key = 'give';
  override help = `
    Give something you carry to someone in the room.

    Usage:
      give <thing> to <someone>
      give <thing> = <someone>
  `;

  async func(): Promise<void> {
    const self = puppetOf(this);
    const parts = /^(.+?)\s*(?:=|\s+to\s+)\s*(.+)$/i.exec(this.args.trim());
    if (parts === null) {
      this.msg('Usage: give <thing> to <someone>');
      return;
    }
    const thing = carried(this, self, parts[1] as string);
    if (thing === null) return;
    const here = self.location;
    const people = here === null ? [] : here.contents.filter((o) => o !== thing);
    const target = searchNamed(self, parts[2] as string, { candidates: people });
    if (target === null) return;
    if (target === self) {
      this.msg(`You keep ${thing.getDefiniteName(self)} to yourself.`);
      return;
    }
    if (!target.isCharacter) {
      this.msg(`You can't give things to ${target.getDefiniteName(self)}.`);
      return;
    }
    if (!thing.locks.check(self, 'give', true) || !(await thing.moveTo(target, { quiet: true }))) {
      this.msg(`You can't give ${thing.getDefiniteName(self)} away.`);
      return;
    }
    this.msg(`You give ${thing.getIndefiniteName(self)} to ${target.getDefiniteName(self)}.`);
    target.msg(`${actor(self)} gives you ${thing.getIndefiniteName(target)}.`, { from: self });
    tellRoom(self, `${actor(self)} gives ${name(thing)} to ${target.getDefiniteName(null)}.`, [
      target,
    ]);
  }
}

export class CmdInventory extends Command {
  override key = 'inventory';
  override aliases = ['inv', 'i'];
  override help = `
    List what you are carrying.

    Usage:
      inventory
  `;

  func(): void {
    const self = puppetOf(this);
    const things = self.contents.filter((o) => o.locks.check(self, 'view', true));
    if (things.length === 0) {
      this.msg('You are not carrying anything.');
      return;
    }
    this.msg(
      ['You are carrying:', ...things.map((t) => `  ${t.getIndefiniteName(self)}`)].join('\n'),
    );
  }
}

/** One thing the character carries matching `typed`, or null after saying why. */
function carried(cmd: Command, self: DefaultObject, typed: string): DefaultObject | null {
  const held = self.contents;
  // `drop the lantern`: without the article when the whole name finds nothing.
  const bare = withoutArticle(typed);
  let query = typed;
  let matches = matchObjects(query, held);
  if (matches.length === 0 && bare !== null) {
    query = bare;
    matches = matchObjects(query, held);
  }
  if (matches.length === 0) {
    cmd.msg(`You aren't carrying '${neutralise(typed.trim())}'.`);
    return null;
  }
  // Several: the search lists them and returns null.
  return matches.length === 1
    ? (matches[0] as DefaultObject)
    : self.search(query, { candidates: held });
}
