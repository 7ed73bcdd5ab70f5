/**
 * Values computed at spawn time. A stored prototype is data (builders write it as JSON, and it
 * must never run code), so the computed values are a few JSON forms, each an object with one
 * key starting with `$`:
 *
 *   {"$random": [1, 6]}          a whole number from 1 to 6 (both included)
 *   {"$random": [0.5, 1.5]}      a number in [0.5, 1.5) when either bound has a fraction
 *   {"$pick": ["red", "blue"]}   one of the choices (a choice may itself be computed)
 *   {"$literal": {"$pick": 1}}   the value as written, not computed (to store a `$` key)
 *
 * An object reference as the attribute codec writes it (`{"$ref": "object", "id": 3}`) is a
 * plain value, not a form.
 *
 * Forms may sit anywhere in a value (`{"stats": {"hp": {"$random": [5, 10]}}}`). Any other
 * `$` key is refused when the prototype is parsed, so a typo never spawns a strange value.
 */
import { WaystoneError } from '../../shared/errors.ts';
import { isEntityRef } from '../storage/entity-ref.ts';
import type { AttributeValue } from '../storage/types.ts';
import { LIMITS, type PrototypeValue } from './prototype.ts';

/** A number in [0, 1), as Math.random gives; tests pass their own. */
export type RandomSource = () => number;

export const COMPUTED_FORMS = ['$random', '$pick', '$literal'] as const;

/** Throws PROTOTYPE_INVALID (naming `path`) when a computed form in `value` is malformed. */
export function checkComputed(value: PrototypeValue, path: string): void {
  walk(value, path, 0);
}

/** `value` with every computed form replaced by what it computes to now. */
export function evaluate(value: PrototypeValue, random: RandomSource): AttributeValue {
  const form = formOf(value);
  if (form !== null) {
    const [name, arg] = form;
    switch (name) {
      case '$literal':
        return arg;
      case '$random': {
        const [low, high] = arg as [number, number];
        if (Number.isInteger(low) && Number.isInteger(high)) {
          return low + Math.floor(random() * (high - low + 1));
        }
        return low + random() * (high - low);
      }
      case '$pick': {
        const choices = arg as AttributeValue[];
        const index = Math.min(choices.length - 1, Math.floor(random() * choices.length));
        return evaluate(choices[index] as AttributeValue, random);
      }
    }
  }
  if (Array.isArray(value)) return value.map((v) => evaluate(v, random));
  if (isPlainMap(value) && !isEntityRef(value)) {
    const out: { [key: string]: AttributeValue } = {};
    for (const [k, v] of Object.entries(value)) out[k] = evaluate(v, random);
    return out;
  }
  return value;
}

/** True when evaluating `value` may give a different result each time. */
export function isComputed(value: PrototypeValue): boolean {
  const form = formOf(value);
  if (form !== null) return form[0] !== '$literal';
  if (Array.isArray(value)) return value.some(isComputed);
  if (isPlainMap(value)) return Object.values(value).some(isComputed);
  return false;
}

function walk(value: PrototypeValue, path: string, depth: number): void {
  if (depth > 50) throw invalid(path, 'is nested too deeply');
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
    return;
  }
  // An object reference ({"$ref": "object", "id": 3}) is a stored value, not a form.
  if (!isPlainMap(value) || isEntityRef(value)) return;
  // Copying such a key with `out[k] = v` would set the copy's prototype instead.
  if (Object.hasOwn(value, '__proto__')) throw invalid(path, "has a key '__proto__'");
  const dollar = Object.keys(value).filter((k) => k.startsWith('$'));
  if (dollar.length === 0) {
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, depth + 1);
    return;
  }
  const keys = Object.keys(value);
  const name = dollar[0] as string;
  if (keys.length !== 1 || !(COMPUTED_FORMS as readonly string[]).includes(name)) {
    throw invalid(
      path,
      `has '${keys.join("', '")}': a computed value is an object with exactly one of ` +
        `${COMPUTED_FORMS.join(', ')} (use {"$literal": …} to store a "$" key as it is)`,
    );
  }
  const arg = value[name] as AttributeValue;
  if (name === '$random') {
    if (
      !Array.isArray(arg) ||
      arg.length !== 2 ||
      !arg.every((n) => typeof n === 'number' && Number.isFinite(n))
    ) {
      throw invalid(path, '$random takes two numbers: {"$random": [low, high]}');
    }
    const [low, high] = arg as [number, number];
    if (low > high) throw invalid(path, `$random's low (${low}) is above its high (${high})`);
  } else if (name === '$pick') {
    if (!Array.isArray(arg) || arg.length === 0) {
      throw invalid(path, '$pick takes a non-empty list: {"$pick": ["red", "blue"]}');
    }
    if (arg.length > LIMITS.pickChoices) {
      throw invalid(path, `$pick has more than ${LIMITS.pickChoices} choices`);
    }
    arg.forEach((v, i) => walk(v, `${path}.$pick[${i}]`, depth + 1));
  }
}

function formOf(value: PrototypeValue): [string, AttributeValue] | null {
  if (!isPlainMap(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1) return null;
  const name = keys[0] as string;
  return (COMPUTED_FORMS as readonly string[]).includes(name)
    ? [name, value[name] as AttributeValue]
    : null;
}

function isPlainMap(value: unknown): value is { [key: string]: AttributeValue } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

function invalid(path: string, why: string): WaystoneError {
  return new WaystoneError('PROTOTYPE_INVALID', `${path} ${why}.`);
}
