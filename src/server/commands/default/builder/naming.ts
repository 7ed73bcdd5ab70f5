/**
 * What things are called: `name` renames an object (adding aliases given after `;`), `alias`
 * lists, adds and removes the other names it answers to. Renaming an exit or changing its
 * aliases changes the command that takes it at once.
 */
import type { DefaultObject } from '../../../objects/object.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { aliasesChanged, BuilderCommand, named } from './builder-command.ts';
import { MAX_ALIASES, MAX_NAME_LENGTH, parseNameSpec, splitEquals } from './names.ts';

export class CmdName extends BuilderCommand {
  override key = 'name';
  override aliases = ['rename'];
  override help = `
    Rename an object; aliases after ; are added to those it has.

    Usage:
      name <object> = <new name>[;alias;alias…]

    Example:
      name bell = bronze bell;bell;bronze
  `;

  func(): void {
    const [left, right] = splitEquals(this.args);
    if (left === '' || right === null || right === '') {
      this.msg('Usage: name <object> = <new name>[;alias;alias…]');
      return;
    }
    const spec = parseNameSpec(right);
    if (typeof spec === 'string') return this.msg(spec);
    const obj = this.find(left);
    if (obj === null) return;
    if (!this.mayEdit(obj)) {
      this.msg(`You don't have permission to rename ${named(obj)}.`);
      return;
    }
    const old = named(obj);
    const added = spec.aliases.filter((a) => !hasAlias(obj, a));
    if (obj.aliases.all().length + added.length > MAX_ALIASES) {
      this.msg(`An object has at most ${MAX_ALIASES} aliases.`);
      return;
    }
    obj.key = spec.key;
    for (const alias of added) obj.aliases.add(alias);
    if (added.length > 0) aliasesChanged(obj);
    const also = added.length === 0 ? '' : ` (aliases added: ${added.map(neutralise).join(', ')})`;
    this.msg(`${old} is now called ${named(obj)}${also}.`);
  }
}

export class CmdAlias extends BuilderCommand {
  override key = 'alias';
  override aliases = ['setobjalias'];
  override help = `
    List, add or remove the other names an object answers to (everyone can use them;
    they are not personal nicknames).

    Usage:
      alias <object>                          list its aliases
      alias <object> = <alias>[, <alias>…]    add aliases
      alias/del <object> = <alias>[, <alias>…] remove these aliases
      alias <object> =                        remove all its aliases

    Example:
      alias bronze bell = bell, gong
  `;

  func(): void {
    const [left, right] = splitEquals(this.args);
    if (left === '') {
      this.msg('Usage: alias <object> [= <alias>[, <alias>…]]  or  alias/del <object> = <alias>');
      return;
    }
    const obj = this.find(left);
    if (obj === null) return;
    const current = obj.aliases.all();
    if (right === null) {
      this.msg(
        current.length === 0
          ? `${named(obj)} has no aliases.`
          : `Aliases of ${named(obj)}: ${current.map(neutralise).join(', ')}`,
      );
      return;
    }
    if (!this.mayEdit(obj)) {
      this.msg(`You don't have permission to change the aliases of ${named(obj)}.`);
      return;
    }
    const given = right
      .split(/[,;]/)
      .map((a) => a.trim())
      .filter((a) => a !== '');
    if (given.some((a) => a.length > MAX_NAME_LENGTH)) {
      this.msg(`Aliases are at most ${MAX_NAME_LENGTH} characters.`);
      return;
    }
    if (this.switches.includes('del') || this.switches.includes('delete')) {
      this.remove(obj, given);
      return;
    }
    if (given.length === 0) {
      for (const alias of current) obj.aliases.remove(alias);
      aliasesChanged(obj);
      this.msg(`Removed every alias of ${named(obj)}.`);
      return;
    }
    const added = [...new Set(given)].filter((a) => !hasAlias(obj, a));
    if (current.length + added.length > MAX_ALIASES) {
      this.msg(`An object has at most ${MAX_ALIASES} aliases.`);
      return;
    }
    for (const alias of added) obj.aliases.add(alias);
    aliasesChanged(obj);
    this.msg(
      added.length === 0
        ? `${named(obj)} already has ${given.length === 1 ? 'that alias' : 'those aliases'}.`
        : `Aliases of ${named(obj)} now: ${obj.aliases.all().map(neutralise).join(', ')}`,
    );
  }

  private remove(obj: DefaultObject, given: readonly string[]): void {
    if (given.length === 0) {
      this.msg('Usage: alias/del <object> = <alias>[, <alias>…]');
      return;
    }
    const removed: string[] = [];
    for (const alias of given) {
      const stored = obj.aliases.all().find((a) => a.toLowerCase() === alias.toLowerCase());
      if (stored !== undefined && obj.aliases.remove(stored)) removed.push(stored);
    }
    aliasesChanged(obj);
    if (removed.length === 0) {
      this.msg(`${named(obj)} has no such alias.`);
      return;
    }
    this.msg(`Removed from ${named(obj)}: ${removed.map(neutralise).join(', ')}.`);
  }
}

/** Aliases match without regard to case, as searches do. */
function hasAlias(obj: DefaultObject, alias: string): boolean {
  const lower = alias.toLowerCase();
  return obj.aliases.all().some((a) => a.toLowerCase() === lower);
}
