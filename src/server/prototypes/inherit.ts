/**
 * Folding a prototype's parents into it (`prototypeParent`, one name or a list). Parents apply
 * left to right, each over the ones before, and the prototype itself over them all:
 *   key, typeclass, aliases, home, location   the last one given wins
 *   attributes                                merged by name (the later value wins)
 *   tags                                      all of them, without repeats
 *   locks                                     merged per access type (the later lock wins)
 * A parent nobody has is PROTOTYPE_UNKNOWN, a prototype that is its own ancestor
 * PROTOTYPE_CYCLE, and a typeclass the game has not registered PROTOTYPE_INVALID — all naming
 * the chain, so a builder sees where the problem is.
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import { LockHandler } from '../locks/lock-handler.ts';
import {
  DEFAULT_TYPECLASS,
  LIMITS,
  prototypeId,
  type Prototype,
  type PrototypeValue,
  type ResolvedPrototype,
} from './prototype.ts';

export interface ResolveContext {
  /** The prototype with this key (case-insensitive), or undefined. */
  lookup(key: string): Prototype | undefined;
  /** Whether a typeclass of this name is registered. */
  hasTypeclass(name: string): boolean;
  /** For checking lock strings. */
  lockFuncs: LockFuncRegistry;
}

interface Layer {
  key?: PrototypeValue;
  typeclass?: string;
  attributes: Record<string, PrototypeValue>;
  tags: Array<readonly [string, string]>;
  aliases?: readonly string[];
  locks: LockHandler;
  home?: string;
  location?: string;
}

/** `proto` with its ancestors folded in, checked; throws with the chain that failed. */
export function resolvePrototype(proto: Prototype, ctx: ResolveContext): ResolvedPrototype {
  const layer = fold(proto, ctx, [prototypeId(proto.prototypeKey)]);
  const typeclass = layer.typeclass ?? DEFAULT_TYPECLASS;
  if (!ctx.hasTypeclass(typeclass)) {
    throw new WaystoneError(
      'PROTOTYPE_INVALID',
      `Prototype '${proto.prototypeKey}' uses typeclass '${typeclass}', which this game has not registered.`,
    );
  }
  return {
    prototypeKey: proto.prototypeKey,
    key: layer.key ?? proto.prototypeKey,
    typeclass,
    attributes: layer.attributes,
    tags: layer.tags,
    aliases: layer.aliases ?? [],
    locks: layer.locks.toString(),
    home: layer.home ?? null,
    location: layer.location ?? null,
  };
}

/** The parents' keys of `proto`, as a list. */
export function parentsOf(proto: Prototype): readonly string[] {
  const parent = proto.prototypeParent;
  return parent === undefined ? [] : typeof parent === 'string' ? [parent] : parent;
}

function fold(proto: Prototype, ctx: ResolveContext, chain: string[]): Layer {
  if (chain.length > LIMITS.depth) {
    throw new WaystoneError(
      'PROTOTYPE_INVALID',
      `Prototype parents nest deeper than ${LIMITS.depth} levels: ${chain.join(' → ')}.`,
    );
  }
  const layer: Layer = { attributes: {}, tags: [], locks: new LockHandler(ctx.lockFuncs) };
  for (const parentKey of parentsOf(proto)) {
    const id = prototypeId(parentKey);
    if (chain.includes(id)) {
      throw new WaystoneError(
        'PROTOTYPE_CYCLE',
        `Prototype parents go round in a circle: ${[...chain, id].join(' → ')}.`,
      );
    }
    const parent = ctx.lookup(id);
    if (parent === undefined) {
      throw new WaystoneError(
        'PROTOTYPE_UNKNOWN',
        `Prototype '${chain.at(-1) ?? ''}' names parent '${parentKey}', but there is no prototype of that name.`,
      );
    }
    apply(layer, fold(parent, ctx, [...chain, id]));
  }
  apply(layer, own(proto, ctx));
  return layer;
}

function own(proto: Prototype, ctx: ResolveContext): Layer {
  let locks: LockHandler;
  try {
    locks = new LockHandler(ctx.lockFuncs, null, proto.locks ?? '');
  } catch (err) {
    throw new WaystoneError(
      'PROTOTYPE_INVALID',
      `Prototype '${proto.prototypeKey}' has a bad lock string: ${(err as Error).message}`,
    );
  }
  return {
    ...(proto.key === undefined ? {} : { key: proto.key }),
    ...(proto.typeclass === undefined ? {} : { typeclass: proto.typeclass }),
    attributes: { ...proto.attributes },
    tags: (proto.tags ?? []).map((t) => (typeof t === 'string' ? [t, ''] : [t[0], t[1]])),
    ...(proto.aliases === undefined ? {} : { aliases: proto.aliases }),
    locks,
    ...(proto.home === undefined ? {} : { home: proto.home }),
    ...(proto.location === undefined ? {} : { location: proto.location }),
  };
}

function apply(into: Layer, over: Layer): void {
  if (over.key !== undefined) into.key = over.key;
  if (over.typeclass !== undefined) into.typeclass = over.typeclass;
  Object.assign(into.attributes, over.attributes);
  for (const [tag, category] of over.tags) {
    if (!into.tags.some(([t, c]) => t === tag && c === category)) into.tags.push([tag, category]);
  }
  if (over.aliases !== undefined) into.aliases = over.aliases;
  const overLocks = over.locks.toString();
  if (overLocks !== '') into.locks.add(overLocks);
  if (over.home !== undefined) into.home = over.home;
  if (over.location !== undefined) into.location = over.location;
}
