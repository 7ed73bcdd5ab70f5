/**
 * `set <obj>/<attr> [= <value>]`: a builder reads, sets or deletes an object's attribute, or a
 * part of one (`set chest/loot['gold'] = 5`, `set chest/loot[0]`). Values are JSON, Evennia's
 * Python literals or plain text (literal.ts); `set obj/attr =` with nothing after deletes.
 */
import type { DefaultObject } from '../../../objects/object.ts';
import type { AttributeValue } from '../../../storage/types.ts';
import { WaystoneError } from '../../../../shared/errors.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import {
  deleteAt,
  getAt,
  parseAttributePath,
  setAt,
  showPath,
  type AttributePath,
} from './attribute-path.ts';
import { BuilderCommand } from './builder-command.ts';
import { parseValue } from './literal.ts';
import { splitEquals } from './names.ts';

export const MAX_VALUE_LENGTH = 10_000;

/** An attribute's value as builders read it: JSON, neutralised. */
export function showValue(value: unknown): string {
  return neutralise(JSON.stringify(value) ?? String(value));
}

/**
 * `obj/attr…` split at the `/` before the attribute (the last one before any `[`, so a key
 * may hold a `/`): the object's name and the attribute's spec, or null without a `/`.
 */
export function splitObjectAttribute(text: string): [string, string] | null {
  const bracket = text.indexOf('[');
  const slash = text.lastIndexOf('/', bracket === -1 ? text.length : bracket);
  if (slash <= 0 || slash === text.length - 1) return null;
  return [text.slice(0, slash).trim(), text.slice(slash + 1).trim()];
}

export class CmdSetAttribute extends BuilderCommand {
  override key = 'set';
  override help = `
    Read, set or delete an attribute of an object, or a part of one.

    Usage:
      set <object>/<attribute>              show it
      set <object>/<attribute> = <value>    set it
      set <object>/<attribute> =            delete it
      set/raw <object>/<attribute> = <text> store the text as it is, never as a value

    A value is JSON ({"a": [1, 2]}, 5, true, "text"), or a Python literal as in Evennia
    ({'a': [1, 2]}, True, None, (1, 2) for a list); anything else is stored as text.

    An attribute may have a category (name:category), and a part of a list or dictionary is
    reached with keys in brackets: [0] is the first item of a list (-1 the last, and the
    one after the last adds an item), ['key'] or [key] an entry of a dictionary.

    Examples:
      set bell/rings = 0
      set here/smell = old books
      set chest/loot = {'gold': 10, 'gems': ['ruby']}
      set chest/loot['gems'][0] = opal
      set chest/loot['gold'] =              (deletes the gold entry)
      set guard/hp:combat = 20
      set here/article = the         "arrives from the Courtyard"
  `;

  func(): void {
    const [left, right] = splitEquals(this.args);
    const parts = splitObjectAttribute(left);
    if (parts === null) {
      this.msg('Usage: set <object>/<attribute>[key…] [= <value>]');
      return;
    }
    const spec = parseAttributePath(parts[1]);
    if (typeof spec === 'string') return this.msg(neutralise(spec));
    const obj = this.find(parts[0]);
    if (obj === null) return;
    const label = `${obj.getDisplayName(this.me)}/${neutralise(showPath(spec))}`;
    if (right === null) {
      this.show(obj, spec, label);
      return;
    }
    if (!this.mayEdit(obj)) {
      this.msg(`You don't have permission to edit ${obj.getDisplayName(this.me)}.`);
      return;
    }
    if (right.length > MAX_VALUE_LENGTH) {
      this.msg(`That value is too long (at most ${MAX_VALUE_LENGTH} characters).`);
      return;
    }
    if (right === '') this.remove(obj, spec, label);
    else this.store(obj, spec, label, this.switches.includes('raw') ? right : parseValue(right));
  }

  private show(obj: DefaultObject, spec: AttributePath, label: string): void {
    const value = getAt(obj.attributes.get(spec.name, spec.category), spec.path);
    this.msg(value === undefined ? `${label} is not set.` : `${label} = ${showValue(value)}`);
  }

  private remove(obj: DefaultObject, spec: AttributePath, label: string): void {
    const current = obj.attributes.get(spec.name, spec.category);
    if (spec.path.length === 0) {
      this.msg(
        obj.attributes.delete(spec.name, spec.category)
          ? `Deleted ${label}.`
          : `${label} was not set.`,
      );
      return;
    }
    if (current === undefined) {
      this.msg(`${label} was not set.`);
      return;
    }
    const result = deleteAt(current, spec.path);
    if (!result.ok) return this.msg(`${label}: ${neutralise(result.problem)}`);
    obj.attributes.set(spec.name, result.value, spec.category);
    this.msg(`Deleted ${label}.`);
  }

  private store(
    obj: DefaultObject,
    spec: AttributePath,
    label: string,
    value: AttributeValue,
  ): void {
    let whole = value;
    if (spec.path.length > 0) {
      const current = obj.attributes.get(spec.name, spec.category);
      if (current === undefined) {
        const top = `${obj.getDisplayName(this.me)}/${neutralise(spec.name)}`;
        this.msg(`${top} is not set; set it to a list or dictionary first.`);
        return;
      }
      const result = setAt(current, spec.path, value);
      if (!result.ok) return this.msg(`${label}: ${neutralise(result.problem)}`);
      whole = result.value;
    }
    // A value storage cannot hold (a number too large, …) is refused here with its reason.
    try {
      obj.attributes.set(spec.name, whole, spec.category);
    } catch (err) {
      if (!(err instanceof WaystoneError)) throw err;
      this.msg(`${label} was not set: ${neutralise(err.message)}`);
      return;
    }
    this.msg(`Set ${label} = ${showValue(value)}.`);
  }
}
