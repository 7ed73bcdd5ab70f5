/**
 * A prototype made from an existing object (`spawn/save sword = #12`, Evennia's
 * `prototype_from_object`): its key, typeclass, attributes (without a category), tags, aliases
 * and locks. Where it is and its home are left out: spawning it would otherwise always put the
 * copy where the original stood. System attributes and the bookkeeping tags (permissions, the
 * prototype it came from) are left out too.
 */
import type { DefaultObject } from '../objects/object.ts';
import type { AttributeValue } from '../storage/types.ts';
import { FROM_PROTOTYPE, type Prototype, type PrototypeTag } from './prototype.ts';
import { parsePrototype } from './validate.ts';

/** Tag categories that describe bookkeeping, not the thing. */
const SKIPPED_TAG_CATEGORIES = new Set(['alias', 'permission', FROM_PROTOTYPE]);

export function prototypeFromObject(obj: DefaultObject, prototypeKey: string): Prototype {
  const attributes: Record<string, AttributeValue> = {};
  for (const entry of obj.attributes.all('')) attributes[entry.name] = entry.value;
  const tags: PrototypeTag[] = [];
  for (const category of obj.tags.categories()) {
    if (SKIPPED_TAG_CATEGORIES.has(category)) continue;
    for (const tag of obj.tags.all(category)) tags.push(category === '' ? tag : [tag, category]);
  }
  const aliases = obj.aliases.all();
  return parsePrototype({
    prototypeKey,
    key: obj.key,
    typeclass: obj.typeclass,
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(aliases.length > 0 ? { aliases: [...aliases] } : {}),
    ...(obj.locks.toString() === '' ? {} : { locks: obj.locks.toString() }),
  });
}
