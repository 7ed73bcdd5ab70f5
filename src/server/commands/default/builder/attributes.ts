/**
 * Attributes in bulk: `wipe` clears all of an object's attributes or the named ones; `cpattr`
 * copies one attribute to other objects (or other names), and `mvattr` (`cpattr/move`) moves
 * it. Attributes in the 'system' category are the engine's own (stored cmdsets) and are never
 * wiped. An attribute is `name` or `name:category`, as `set` writes it.
 */
import type { DefaultObject } from '../../../objects/object.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { parseAttributePath, showPath, type AttributePath } from './attribute-path.ts';
import { BuilderCommand, MAX_TARGETS, named } from './builder-command.ts';
import { splitEquals } from './names.ts';
import { splitObjectAttribute } from './set.ts';

const SYSTEM = 'system';

/** `name[:category]`, without a path into the value. */
function parseAttributeName(text: string): AttributePath | string {
  const spec = parseAttributePath(text);
  if (typeof spec === 'string') return spec;
  if (spec.path.length > 0) return 'Copy or wipe whole attributes, without [keys].';
  return spec;
}

export class CmdWipe extends BuilderCommand {
  override key = 'wipe';
  override help = `
    Clear attributes of an object: all of them, or those named.

    Usage:
      wipe <object>                       every attribute
      wipe <object>/<attr>[/<attr>…]      only these (name or name:category)

    Example:
      wipe bell/rings/tone
  `;

  func(): void {
    const text = this.args.trim();
    if (text === '') {
      this.msg('Usage: wipe <object>[/<attribute>[/<attribute>…]]');
      return;
    }
    // The object is everything before the first `/` that is followed by attribute names.
    const [objPart = '', ...attrParts] = text.split('/');
    const specs = attrParts.map((a) => parseAttributeName(a.trim()));
    const problem = specs.find((s): s is string => typeof s === 'string');
    if (problem !== undefined) return this.msg(neutralise(problem));
    const obj = this.find(objPart);
    if (obj === null) return;
    if (!this.mayEdit(obj)) {
      this.msg(`You don't have permission to wipe ${named(obj)}.`);
      return;
    }
    if (specs.length === 0) {
      const all = obj.attributes.all().filter((a) => a.category !== SYSTEM);
      for (const a of all) obj.attributes.delete(a.name, a.category);
      this.msg(
        all.length === 0
          ? `${named(obj)} has no attributes to wipe.`
          : `Wiped ${all.length} attribute${all.length === 1 ? '' : 's'} from ${named(obj)}.`,
      );
      return;
    }
    const gone: string[] = [];
    const missing: string[] = [];
    for (const spec of specs as AttributePath[]) {
      const label = neutralise(showPath(spec));
      if (spec.category !== SYSTEM && obj.attributes.delete(spec.name, spec.category)) {
        gone.push(label);
      } else missing.push(label);
    }
    const parts = [];
    if (gone.length > 0) parts.push(`Wiped ${gone.join(', ')} from ${named(obj)}.`);
    if (missing.length > 0) parts.push(`${named(obj)} has no ${missing.join(', ')}.`);
    this.msg(parts.join(' '));
  }
}

interface Place {
  readonly obj: DefaultObject;
  readonly attr: AttributePath;
}

export class CmdCpAttr extends BuilderCommand {
  override key = 'cpattr';
  override help = `
    Copy an attribute to other objects, or to other names. With /move the original is
    deleted afterwards (as mvattr).

    Usage:
      cpattr[/move] <object>/<attr> = <object>[/<attr>][, <object>[/<attr>]…]
      cpattr[/move] <attr> = <object>[/<attr>][, …]     from yourself

    An attribute is name or name:category; without /<attr> on a target the same name is
    used.

    Examples:
      cpattr bell/tone = gong, chime/pitch
      cpattr me/notes = here
  `;

  protected get moving(): boolean {
    return this.switches.includes('move');
  }

  func(): void {
    const [left, right] = splitEquals(this.args);
    const usage = `Usage: ${this.key} <object>/<attr> = <object>[/<attr>][, <object>[/<attr>]…]`;
    if (left === '' || right === null || right === '') return this.msg(usage);
    const source = this.place(left, true);
    if (source === null) return;
    const targetTexts = right.split(',').filter((t) => t.trim() !== '');
    if (targetTexts.length > MAX_TARGETS) {
      this.msg(`At most ${MAX_TARGETS} targets at once.`);
      return;
    }
    const targets: Place[] = [];
    for (const text of targetTexts) {
      const target = this.place(text, false, source.attr);
      if (target === null) return;
      targets.push(target);
    }
    const touched = [...targets.map((t) => t.attr), ...(this.moving ? [source.attr] : [])];
    if (touched.some((a) => a.category === SYSTEM)) {
      this.msg("The system category is the engine's own; nothing was copied.");
      return;
    }
    if (!source.obj.locks.check(this.me, 'examine')) {
      this.msg(`You may not examine ${named(source.obj)}.`);
      return;
    }
    const from = `${named(source.obj)}/${neutralise(showPath(source.attr))}`;
    const value = source.obj.attributes.get(source.attr.name, source.attr.category);
    if (value === undefined) {
      this.msg(`${from} is not set; there is nothing to copy.`);
      return;
    }
    const refused = [source.obj, ...targets.map((t) => t.obj)].find(
      (o, i) => (i > 0 || this.moving) && !this.mayEdit(o),
    );
    if (refused !== undefined) {
      this.msg(`You don't have permission to edit ${named(refused)}; nothing was copied.`);
      return;
    }
    const done: string[] = [];
    for (const t of targets) {
      t.obj.attributes.set(t.attr.name, value, t.attr.category);
      done.push(`${named(t.obj)}/${neutralise(showPath(t.attr))}`);
    }
    const keptAtSource = targets.some(
      (t) =>
        t.obj === source.obj &&
        t.attr.name === source.attr.name &&
        t.attr.category === source.attr.category,
    );
    if (this.moving && !keptAtSource) {
      source.obj.attributes.delete(source.attr.name, source.attr.category);
      this.msg(`Moved ${from} to ${done.join(', ')}.`);
      return;
    }
    this.msg(`Copied ${from} to ${done.join(', ')}.`);
  }

  /**
   * `obj/attr` (or, for the source, a bare `attr` on yourself; for a target, a bare object
   * taking the source's attribute name). Tells the builder and returns null on a problem.
   */
  private place(text: string, isSource: boolean, sourceAttr?: AttributePath): Place | null {
    const parts = splitObjectAttribute(text.trim());
    let objText: string;
    let attrText: string | null;
    if (parts === null) {
      [objText, attrText] = isSource ? ['me', text.trim()] : [text.trim(), null];
    } else [objText, attrText] = parts;
    let attr = sourceAttr ?? null;
    if (attrText !== null) {
      const parsed = parseAttributeName(attrText);
      if (typeof parsed === 'string') {
        this.msg(neutralise(parsed));
        return null;
      }
      attr = parsed;
    }
    if (attr === null) return null;
    const obj = this.find(objText);
    return obj === null ? null : { obj, attr };
  }
}

export class CmdMvAttr extends CmdCpAttr {
  override key = 'mvattr';
  override help = `
    Move an attribute to another object or name: cpattr, then the original is deleted.

    Usage:
      mvattr <object>/<attr> = <object>[/<attr>][, <object>[/<attr>]…]
      mvattr <attr> = <object>[/<attr>][, …]      from yourself

    Example:
      mvattr chest/loot = strongbox
  `;

  protected override get moving(): boolean {
    return true;
  }
}
