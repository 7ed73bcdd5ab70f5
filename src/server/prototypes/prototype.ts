/**
 * Prototypes: named recipes for objects (Evennia's prototypes). A prototype says what an object
 * is made of — its key, typeclass, attributes, tags, aliases, locks, home and location — and may
 * inherit from other prototypes (`prototypeParent`, one name or a list). `spawn goblin` makes an
 * object from one; `spawn/update goblin` brings every object spawned from it up to a changed
 * prototype.
 *
 * Where prototypes come from (registry.ts):
 *   - the game's code: `game.prototypes.register({ prototypeKey: 'goblin', … })` in game.ts;
 *     read-only in game (change the code and reload);
 *   - the database: `spawn/save goblin = {json}` by builders. A stored prototype is data, never
 *     code, so values computed at spawn time are small JSON forms (computed.ts):
 *     `{"$random": [1, 6]}`, `{"$pick": ["red", "blue"]}`, `{"$literal": …}`.
 *
 * Life of a prototype:
 *   parse (validate.ts: shape and computed forms, PROTOTYPE_INVALID) → register or save
 *   → resolve (inherit.ts: parents flattened, child over parents; PROTOTYPE_UNKNOWN,
 *     PROTOTYPE_CYCLE; the typeclass checked) → spawn (spawner.ts: values computed, the object
 *     made, tagged `<prototypeKey>` in category `from_prototype`, the resolved prototype kept on
 *     it) → update (update.ts: what changed in the prototype since, applied in place).
 */
import type { AttributeValue } from '../storage/types.ts';

/**
 * A value in a prototype: what an attribute may hold, where any object with one `$` key is a
 * computed form (`{"$random": [1, 6]}`) evaluated at spawn time.
 */
export type PrototypeValue = AttributeValue;

/** A tag: `'red'` (no category) or `['red', 'colour']`. */
export type PrototypeTag = string | readonly [tag: string, category: string];

export interface Prototype {
  /** The prototype's own name (what `spawn <name>` takes); unique, compared case-insensitively. */
  readonly prototypeKey: string;
  /** Prototypes this one builds on: later ones override earlier ones, and this one them all. */
  readonly prototypeParent?: string | readonly string[];
  /** A line for `spawn/list`. */
  readonly prototypeDesc?: string;
  /** The object's name; may be computed. Defaults to the prototype key. */
  readonly key?: PrototypeValue;
  /** A registered typeclass name; DefaultObject when no prototype in the chain gives one. */
  readonly typeclass?: string;
  /** Attributes without a category; values may be computed. Merged with the parents' by name. */
  readonly attributes?: Readonly<Record<string, PrototypeValue>>;
  /** Added to the parents' tags. */
  readonly tags?: readonly PrototypeTag[];
  /** The object's aliases; replaces the parents' list when given. */
  readonly aliases?: readonly string[];
  /** Lock string; merged with the parents' per access type. */
  readonly locks?: string;
  /** `#id` of the object's home. */
  readonly home?: string;
  /** `#id` of where it appears; otherwise where the spawner stands. */
  readonly location?: string;
}

/**
 * A prototype with its parents folded in: what an object spawned from it gets. Kept on each
 * spawned object (SNAPSHOT_ATTRIBUTE) so `spawn/update` can tell what changed since.
 */
export interface ResolvedPrototype {
  readonly prototypeKey: string;
  readonly key: PrototypeValue;
  readonly typeclass: string;
  readonly attributes: Readonly<Record<string, PrototypeValue>>;
  /** Normalised to pairs. */
  readonly tags: ReadonlyArray<readonly [string, string]>;
  readonly aliases: readonly string[];
  /** Lock string, one entry per access type. */
  readonly locks: string;
  readonly home: string | null;
  readonly location: string | null;
}

/** The tag category that records which prototype made an object (as Evennia does). */
export const FROM_PROTOTYPE = 'from_prototype';

/** The system attribute holding the resolved prototype an object was last brought up to. */
export const SNAPSHOT_ATTRIBUTE = 'prototype';
export const SNAPSHOT_CATEGORY = 'system';

export const DEFAULT_TYPECLASS = 'DefaultObject';

/** Bounds: a prototype is a recipe, not a data store. */
export const LIMITS = {
  keyLength: 80,
  /** A prototype as JSON text (spawn/save, the database). */
  jsonBytes: 64 * 1024,
  attributes: 200,
  tags: 100,
  aliases: 50,
  /** Parents deep (a chain longer than this is almost surely a mistake). */
  depth: 20,
  /** Entries in one `$pick`. */
  pickChoices: 1000,
} as const;

/** Where a prototype lives: game code (read-only in game) or the database (builders'). */
export type PrototypeSource = 'game' | 'database';

/** Prototype keys compare case-insensitively (`spawn Goblin` finds `goblin`). */
export function prototypeId(key: string): string {
  return key.trim().toLowerCase();
}
