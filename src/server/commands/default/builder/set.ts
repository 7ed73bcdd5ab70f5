/**
 * `set <obj>/<attr> [= <value>]`: a builder reads, sets or deletes an object's attribute.
 * The value is JSON when it parses (`5`, `true`, `[1,2]`, `{"a":1}`, `"quoted"`), else the text
 * as a string; `set obj/attr =` with nothing after deletes it.
 */
import type { AttributeValue } from '../../../storage/types.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand } from './builder-command.ts';
import { splitEquals } from './names.ts';

export const MAX_VALUE_LENGTH = 10_000;
const ATTRIBUTE_NAME = /^[A-Za-z_][\w-]{0,79}$/;

/** JSON when it parses, else the text itself. */
export function parseValue(text: string): AttributeValue {
  try {
    return JSON.parse(text) as AttributeValue;
  } catch {
    return text;
  }
}

/** An attribute's value as builders read it: JSON, neutralised. */
export function showValue(value: unknown): string {
  return neutralise(JSON.stringify(value) ?? String(value));
}

export class CmdSetAttribute extends BuilderCommand {
  override key = 'set';
  override help = `
    Read, set or delete an attribute of an object.

    Usage:
      set <object>/<attribute>              show it
      set <object>/<attribute> = <value>    set it (JSON when it parses, else text)
      set <object>/<attribute> =            delete it

    Examples:
      set bell/rings = 0
      set here/smell = old books
      set here/article = the         "arrives from the Courtyard"
      set water/article = some       "You pick up some water." ("" for none)
  `;

  func(): void {
    const [left, right] = splitEquals(this.args);
    const slash = left.lastIndexOf('/');
    if (slash <= 0 || slash === left.length - 1) {
      this.msg('Usage: set <object>/<attribute> [= <value>]');
      return;
    }
    const attr = left.slice(slash + 1).trim();
    if (!ATTRIBUTE_NAME.test(attr)) {
      this.msg(
        `'${neutralise(attr)}' is not an attribute name (a letter or _, then letters, digits, _ or -).`,
      );
      return;
    }
    const obj = this.find(left.slice(0, slash));
    if (obj === null) return;
    const label = `${obj.getDisplayName(this.me)}/${attr}`;
    if (right === null) {
      this.msg(
        obj.attributes.has(attr)
          ? `${label} = ${showValue(obj.attributes.get(attr))}`
          : `${label} is not set.`,
      );
      return;
    }
    if (!this.mayEdit(obj)) {
      this.msg(`You don't have permission to edit ${obj.getDisplayName(this.me)}.`);
      return;
    }
    if (right === '') {
      this.msg(obj.attributes.delete(attr) ? `Deleted ${label}.` : `${label} was not set.`);
      return;
    }
    if (right.length > MAX_VALUE_LENGTH) {
      this.msg(`That value is too long (at most ${MAX_VALUE_LENGTH} characters).`);
      return;
    }
    const value = parseValue(right);
    obj.attributes.set(attr, value);
    this.msg(`Set ${label} = ${showValue(value)}.`);
  }
}
