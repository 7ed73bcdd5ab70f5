/**
 * `lock <obj> [= <lockstring>]`: show an object's locks, or add some (`get:false()`,
 * `traverse:perm(Builder)`); `lock/del <obj>/<type>` removes one. A lock string that does not
 * parse is refused with the parser's reason, and nothing changes.
 */
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand } from './builder-command.ts';
import { splitEquals } from './names.ts';

export class CmdLock extends BuilderCommand {
  override key = 'lock';
  override aliases = ['locks'];
  override help = `
    Show or change the locks of an object.

    Usage:
      lock <object>                        list its locks
      lock <object>/<type>                 show one lock
      lock <object> = <type>:<expression>[;<type>:<expression>…]
                                           add or replace locks, e.g. get:false()
      lock/del <object>/<type>             remove one lock

    An expression combines lock functions with and, or, not and brackets. Lock functions
    include all(), none(), perm(Builder), perm_above(Player), pperm(Admin), id(12),
    superuser(). Access types builders meet: control, edit, delete, examine, get, drop,
    traverse (exits), puppet, teleport, teleport_here, view, call.

    Example:
      lock box = get:perm(Builder) or id(12);drop:all()
  `;

  func(): void {
    const [left, right] = splitEquals(this.args);
    if (left === '' || right === '') {
      this.msg('Usage: lock <object> [= <lockstring>]  or  lock/del <object>/<type>');
      return;
    }
    if (this.switches.includes('del')) {
      this.remove(left);
      return;
    }
    if (right === null && left.includes('/')) {
      this.showOne(left);
      return;
    }
    const obj = this.find(left);
    if (obj === null) return;
    const name = obj.getDisplayName(this.me);
    if (right === null) {
      const lines = obj.locks
        .accessTypes()
        .map((t) => `  ${t}:${neutralise(obj.locks.get(t) ?? '')}`);
      this.msg([`Locks on ${name}:`, ...lines].join('\n'));
      return;
    }
    if (!obj.locks.check(this.me, 'control')) {
      this.msg(`You don't have permission to change the locks of ${name}.`);
      return;
    }
    try {
      obj.locks.add(right);
    } catch (err) {
      this.msg(`Invalid lock string: ${neutralise((err as Error).message)}`);
      return;
    }
    this.msg(`Added lock '${neutralise(right)}' to ${name}.`);
  }

  private showOne(spec: string): void {
    const slash = spec.lastIndexOf('/');
    const type = spec.slice(slash + 1).trim();
    const obj = this.find(spec.slice(0, slash));
    if (obj === null) return;
    const lock = obj.locks.get(type);
    const name = obj.getDisplayName(this.me);
    this.msg(
      lock === undefined
        ? `${name} has no ${neutralise(type)} lock.`
        : `${name}: ${neutralise(type)}:${neutralise(lock)}`,
    );
  }

  private remove(spec: string): void {
    const slash = spec.lastIndexOf('/');
    if (slash <= 0) {
      this.msg('Usage: lock/del <object>/<type>');
      return;
    }
    const type = spec.slice(slash + 1).trim();
    const obj = this.find(spec.slice(0, slash));
    if (obj === null) return;
    const name = obj.getDisplayName(this.me);
    if (!obj.locks.check(this.me, 'control')) {
      this.msg(`You don't have permission to change the locks of ${name}.`);
      return;
    }
    this.msg(
      obj.locks.remove(type)
        ? `Removed the ${neutralise(type)} lock from ${name}.`
        : `${name} has no ${neutralise(type)} lock.`,
    );
  }
}
