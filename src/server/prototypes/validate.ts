/**
 * Checking a prototype's shape: what game code registers and what builders save as JSON
 * (`spawn/save goblin = {...}`) go through `parsePrototype`, which returns a clean copy or
 * throws PROTOTYPE_INVALID naming the field. Parents and the typeclass are checked when the
 * prototype is resolved (inherit.ts), since a parent may be saved later than its child.
 */
import { WaystoneError } from '../../shared/errors.ts';
import { encodeValue } from '../storage/attribute-codec.ts';
import type { AttributeValue } from '../storage/types.ts';
import { checkComputed } from './computed.ts';
import { LIMITS, type Prototype, type PrototypeTag } from './prototype.ts';

const FIELDS = new Set([
  'prototypeKey',
  'prototypeParent',
  'prototypeDesc',
  'key',
  'typeclass',
  'attributes',
  'tags',
  'aliases',
  'locks',
  'home',
  'location',
]);

/** Evennia's snake_case names, accepted from builders who type them out of habit. */
const EVENNIA_NAMES: Readonly<Record<string, string>> = {
  prototype_key: 'prototypeKey',
  prototype_parent: 'prototypeParent',
  prototype_desc: 'prototypeDesc',
  attrs: 'attributes',
};

/**
 * A validated copy of `input`. `prototypeKey` may come from `input` or, when given, from
 * `key` (`spawn/save goblin = {...}` names it outside the JSON).
 */
export function parsePrototype(input: unknown, prototypeKey?: string): Prototype {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalid('A prototype must be a JSON object, like {"key": "goblin"}.');
  }
  const raw: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const field = EVENNIA_NAMES[name] ?? name;
    if (!FIELDS.has(field)) {
      throw invalid(
        `Unknown prototype field '${name}' (known: ${[...FIELDS].join(', ')}). ` +
          'An attribute goes under "attributes": {"attributes": {"hp": 10}}.',
      );
    }
    raw[field] = value;
  }
  if (prototypeKey !== undefined) raw['prototypeKey'] = prototypeKey;

  const out: { -readonly [K in keyof Prototype]: Prototype[K] } = {
    prototypeKey: name(raw['prototypeKey'], 'prototypeKey'),
  };
  const parent = raw['prototypeParent'];
  if (parent !== undefined) {
    out.prototypeParent =
      typeof parent === 'string'
        ? name(parent, 'prototypeParent')
        : list(parent, 'prototypeParent', LIMITS.depth).map((p, i) =>
            name(p, `prototypeParent[${i}]`),
          );
  }
  if (raw['prototypeDesc'] !== undefined) {
    out.prototypeDesc = text(raw['prototypeDesc'], 'prototypeDesc', 200);
  }
  if (raw['key'] !== undefined) {
    const key = raw['key'] as AttributeValue;
    if (typeof key === 'string') out.key = name(key, 'key');
    else {
      storable(key, 'key');
      checkComputed(key, 'key');
      out.key = key;
    }
  }
  if (raw['typeclass'] !== undefined) out.typeclass = name(raw['typeclass'], 'typeclass');
  if (raw['attributes'] !== undefined) out.attributes = attributes(raw['attributes']);
  if (raw['tags'] !== undefined) out.tags = tags(raw['tags']);
  if (raw['aliases'] !== undefined) {
    out.aliases = list(raw['aliases'], 'aliases', LIMITS.aliases).map((a, i) =>
      name(a, `aliases[${i}]`),
    );
  }
  if (raw['locks'] !== undefined) out.locks = text(raw['locks'], 'locks', 2000);
  for (const field of ['home', 'location'] as const) {
    const value = raw[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !/^#\d+$/.test(value.trim())) {
      throw invalid(`${field} must be an object's #id, like "#2".`);
    }
    out[field] = value.trim();
  }
  const size = Buffer.byteLength(JSON.stringify(out));
  if (size > LIMITS.jsonBytes) {
    throw invalid(`The prototype is too large (${size} bytes; at most ${LIMITS.jsonBytes}).`);
  }
  return out;
}

/** A prototype from JSON text: PROTOTYPE_INVALID with the parser's complaint on bad JSON. */
export function parsePrototypeJson(json: string, prototypeKey?: string): Prototype {
  if (Buffer.byteLength(json) > LIMITS.jsonBytes) {
    throw invalid(`The prototype is too large (at most ${LIMITS.jsonBytes} bytes of JSON).`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw invalid(`That is not valid JSON: ${(err as Error).message}`);
  }
  return parsePrototype(value, prototypeKey);
}

function attributes(value: unknown): Record<string, AttributeValue> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid('attributes must be an object of name → value, like {"hp": 10}.');
  }
  const entries = Object.entries(value as Record<string, AttributeValue>);
  if (entries.length > LIMITS.attributes) {
    throw invalid(`A prototype has at most ${LIMITS.attributes} attributes.`);
  }
  const out: Record<string, AttributeValue> = {};
  for (const [attr, v] of entries) {
    name(attr, 'an attribute name');
    if (attr === '__proto__') throw invalid("'__proto__' cannot be an attribute name.");
    storable(v, `attributes.${attr}`);
    checkComputed(v, `attributes.${attr}`);
    out[attr] = v;
  }
  return out;
}

function tags(value: unknown): PrototypeTag[] {
  return list(value, 'tags', LIMITS.tags).map((tag, i): PrototypeTag => {
    if (typeof tag === 'string') return name(tag, `tags[${i}]`);
    if (Array.isArray(tag) && tag.length === 2 && tag.every((t) => typeof t === 'string')) {
      return [name(tag[0], `tags[${i}]`), text(tag[1], `tags[${i}]'s category`, 80).trim()];
    }
    throw invalid(`tags[${i}] must be "tag" or ["tag", "category"].`);
  });
}

function list(value: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw invalid(`${field} must be a list.`);
  if (value.length > max) throw invalid(`${field} has more than ${max} entries.`);
  return value;
}

function name(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`${field} must be a non-empty string.`);
  }
  if (value.length > LIMITS.keyLength) {
    throw invalid(`${field} is longer than ${LIMITS.keyLength} characters.`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid(`${field} has a control character.`);
  return value.trim();
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw invalid(`${field} must be a string.`);
  if (value.length > max) throw invalid(`${field} is longer than ${max} characters.`);
  return value;
}

/** Refused here, with the field's name, rather than when the object is stored. */
function storable(value: AttributeValue, field: string): void {
  try {
    encodeValue(value, field);
  } catch (err) {
    throw invalid((err as Error).message);
  }
}

function invalid(message: string): WaystoneError {
  return new WaystoneError('PROTOTYPE_INVALID', message);
}
