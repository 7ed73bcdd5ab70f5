/**
 * `typeclass` (`type`, `typeclasses`, `swap`): show or change the class an object is made of.
 * The swap happens in place (ObjectManager.swapTypeclass): the object keeps its id, place,
 * attributes and puppeteers, and the new class's atObjectCreation runs. `/reset` first
 * clears its attributes and cmdsets, as a new object of that class would be (asking first);
 * `/update` re-runs atObjectCreation on the class it has.
 */
import type { DefaultObject } from '../../../objects/object.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand, named } from './builder-command.ts';
import { splitEquals } from './names.ts';

const TYPECLASS_NAME = /^[A-Za-z_][\w.]{0,99}$/;

export class CmdTypeclass extends BuilderCommand {
  override key = 'typeclass';
  override aliases = ['type', 'typeclasses', 'swap'];
  override help = `
    Show or change the typeclass (the class) of an object.

    Usage:
      typeclass <object>                    show its typeclass
      typeclass <object> = <typeclass>      make it that class; its atObjectCreation runs,
                                            its attributes stay
      typeclass/reset <object> = <typeclass> the same, but clear its attributes and
                                            cmdsets first (asks; /force does not ask)
      typeclass/update <object>             run atObjectCreation again, same class
      typeclass/force <object> = <typeclass> swap even to the class it already has
      typeclass/list  (or typeclasses)      the registered typeclasses

    swap <object> = <typeclass> is typeclass/reset/force.

    Example:
      typeclass bell = Bell
  `;

  async func(): Promise<void> {
    const switches = new Set(this.switches);
    const typed = this.cmdstring.toLowerCase().replace(/^[@&/+]+/, '');
    if (typed === 'typeclasses') switches.add('list');
    if (typed === 'swap') switches.add('reset').add('force');
    if (switches.has('list')) {
      this.list();
      return;
    }
    const [left, right] = splitEquals(this.args);
    if (left === '' || right === '') {
      this.msg(
        'Usage: typeclass[/reset|/update|/force] <object> [= <typeclass>]  or  typeclass/list',
      );
      return;
    }
    const obj = this.find(left);
    if (obj === null) return;
    if (right === null && !switches.has('update')) {
      this.msg(`${named(obj)} is a ${neutralise(obj.typeclass)}.`);
      return;
    }
    const target = right ?? obj.typeclass;
    if (!TYPECLASS_NAME.test(target)) {
      this.msg(`'${neutralise(target)}' is not a typeclass name.`);
      return;
    }
    const { typeclasses } = this.services.objects;
    if (!typeclasses.has(target)) {
      this.msg(
        `'${neutralise(target)}' is not a registered typeclass (typeclass/list shows them).`,
      );
      return;
    }
    if (!this.mayEdit(obj)) {
      this.msg(`You don't have permission to change the typeclass of ${named(obj)}.`);
      return;
    }
    const same = target === obj.typeclass;
    if (same && right !== null && !switches.has('force') && !switches.has('reset')) {
      this.msg(
        `${named(obj)} is already a ${neutralise(target)} (typeclass/update runs its atObjectCreation again; /force swaps anyway).`,
      );
      return;
    }
    const clean = switches.has('reset');
    if (clean && !switches.has('force')) {
      const sure = await this.yesNo(
        `Reset ${named(obj)} to a new ${neutralise(target)}, clearing its attributes and cmdsets?`,
      );
      if (!sure) {
        this.msg(`${named(obj)} was not changed.`);
        return;
      }
      if (obj.isDeleted) return;
    }
    await this.swap(obj, target, clean);
  }

  private async swap(obj: DefaultObject, target: string, clean: boolean): Promise<void> {
    const before = obj.typeclass;
    const swapped = await this.attempt(async () => {
      await this.services.objects.swapTypeclass(obj, target, { clean });
      return true;
    });
    if (swapped === null) return;
    const how = clean ? ', its attributes and cmdsets cleared' : '';
    this.msg(
      before === target
        ? `${named(obj)} is a ${neutralise(target)} again${how}; its atObjectCreation ran.`
        : `${named(obj)} changed from ${neutralise(before)} to ${neutralise(target)}${how}; its atObjectCreation ran.`,
    );
  }

  private list(): void {
    const names = this.services.objects.typeclasses.names().sort((a, b) => a.localeCompare(b));
    this.msg(['Registered typeclasses:', ...names.map((n) => `  ${neutralise(n)}`)].join('\n'));
  }
}
