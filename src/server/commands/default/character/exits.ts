/**
 * Getting about: every exit lends its name (and aliases) as a command — `north`, `n` — through
 * an exit cmdset at priority 101 that the command handler gathers from the room's contents;
 * `go <exit>` does the same by name; `home` takes you to your home.
 *
 * The exit's command is built from its key and aliases when the cmdset is made; an exit that is
 * renamed (or given new aliases) gets a fresh one through `DefaultExit.refreshCmdset()`.
 */
import type { DefaultExit } from '../../../objects/exit.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import { matchObjects } from '../../../objects/search.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { CmdSet } from '../../cmdset.ts';
import { Command } from '../../command.ts';
import { moveAndLook, puppetOf, showLocation } from './puppet.ts';

/**
 * Moves the traveller through the exit (its `traverse` lock and hooks); on arrival it sees the
 * new room. Anything with a destination works as an exit, a DefaultExit or not.
 */
async function traverse(exit: DefaultObject, traveller: DefaultObject): Promise<void> {
  const target = exit.destination;
  const viaExit = (exit as Partial<DefaultExit>).traverse;
  const moved =
    typeof viaExit === 'function'
      ? await viaExit.call(exit, traveller)
      : target !== null && (await traveller.moveTo(target));
  if (moved) showLocation(traveller);
}

/** The command an exit lends: its own name. */
export class CmdExit extends Command {
  constructor(private readonly exit: DefaultExit) {
    super();
    this.key = exit.key;
    this.aliases = [...exit.aliases.all()];
    this.helpCategory = 'Exits';
    // A room's exits are listed by `look`, not by `help`.
    this.autoHelp = false;
  }

  async func(): Promise<void> {
    await traverse(this.exit, puppetOf(this));
  }
}

export class ExitCmdSet extends CmdSet {
  override key = 'ExitCmdSet';
  override priority = 101;
  // Two exits with one name in a room both stay, and the player picks (`1-north`).
  override duplicates = true;

  constructor(private readonly exit: DefaultExit) {
    super();
  }

  override atCmdsetCreation(): void {
    this.add(new CmdExit(this.exit));
  }
}

export class CmdGo extends Command {
  override key = 'go';
  override aliases = ['walk'];
  override help = `
    Leave through an exit of the room (typing the exit's name does the same).

    Usage:
      go <exit>
  `;

  async func(): Promise<void> {
    const self = puppetOf(this);
    const name = this.args.trim();
    const here = self.location;
    if (name === '') {
      this.msg('Go where? Usage: go <exit>');
      return;
    }
    if (here === null) {
      this.msg('You are nowhere; there is nowhere to go.');
      return;
    }
    const exits = here.contents.filter((o) => o.destination !== null);
    const matches = matchObjects(name, exits);
    const [only] = matches;
    if (only === undefined) {
      this.msg(`You cannot go '${neutralise(name)}' from here.`);
    } else if (matches.length > 1) {
      const names = matches.map((e, i) => `${i + 1}-${e.getDisplayName(self)}`).join(', ');
      this.msg(`More than one way matches '${neutralise(name)}': ${names}.`);
    } else {
      await traverse(only, self);
    }
  }
}

export class CmdHome extends Command {
  override key = 'home';
  override help = `
    Go back to your home (where you started, unless a builder changed it).

    Usage:
      home
  `;

  async func(): Promise<void> {
    const self = puppetOf(this);
    const home = self.home;
    if (home === null) {
      this.msg('You have no home!');
      return;
    }
    if (self.location === home) {
      this.msg('You are already home!');
      return;
    }
    this.msg("There's no place like home ...");
    if (!(await moveAndLook(self, home))) this.msg('Something keeps you from going home.');
  }
}
