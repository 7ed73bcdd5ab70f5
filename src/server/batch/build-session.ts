/**
 * One run of a build file (build-world.ts): the `BuildWorld` the file is handed, for a dry run
 * (every step checked and described, nothing changed, planned objects standing in for ones not
 * made yet) or a real one (the same steps, carried out), and the list of what each step did or
 * would do.
 */
import { WaystoneError } from '../../shared/errors.ts';
import { LockHandler } from '../locks/lock-handler.ts';
import { DefaultExit } from '../objects/exit.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { ObjectManager } from '../objects/object-manager.ts';
import type { ResolvedPrototype } from '../prototypes/prototype.ts';
import type { PrototypeRegistry } from '../prototypes/registry.ts';
import { sameValue } from '../prototypes/same-value.ts';
import { encodeValue } from '../storage/attribute-codec.ts';
import type { AttributeValue } from '../storage/types.ts';
import {
  BUILD_TAG_CATEGORY,
  isPlanned,
  type BuildChange,
  type BuildRef,
  type BuildReport,
  type BuildWorld,
  type ExitSpec,
  type ObjectSpec,
  type PlannedObject,
} from './build-world.ts';

export interface BuildSessionOptions {
  objects: ObjectManager;
  prototypes: PrototypeRegistry;
  limbo: DefaultObject;
  dryRun: boolean;
}

/** Longest build tag (it is a name, not a description). */
const MAX_TAG = 200;

/**
 * Where the file last put an object (a system attribute: the room's id, 0 for nowhere), so a
 * later run moves it only when the file names another place.
 */
const PLACED_ATTRIBUTE = 'build_location';
const SYSTEM = 'system';

type Tag = readonly [string, string];

export class BuildSession implements BuildWorld {
  readonly dryRun: boolean;
  readonly limbo: DefaultObject;
  readonly objects: BuildWorld['objects'];
  readonly #opts: BuildSessionOptions;
  readonly #changes: BuildChange[] = [];
  readonly #notes: string[] = [];
  /** Objects a dry run planned, by build tag, so a second step with the tag finds the first. */
  readonly #plannedByTag = new Map<string, PlannedObject>();
  /** Exits a dry run planned, by the room they leave and their lower-cased name. */
  readonly #plannedExits = new Map<BuildRef, Map<string, PlannedObject>>();

  constructor(opts: BuildSessionOptions) {
    this.#opts = opts;
    this.dryRun = opts.dryRun;
    this.limbo = opts.limbo;
    this.objects = {
      find: (query) => opts.objects.find(query),
      get: (id) => opts.objects.cached(id) ?? null,
    };
  }

  report(): BuildReport {
    const count = (action: BuildChange['action']) =>
      this.#changes.filter((c) => c.action === action).length;
    return {
      dryRun: this.dryRun,
      changes: [...this.#changes],
      notes: [...this.#notes],
      created: count('create'),
      updated: count('update'),
      unchanged: count('same'),
    };
  }

  note(text: string): void {
    this.#notes.push(text);
  }

  async live(label: string, step: () => void | Promise<void>): Promise<void> {
    if (!this.dryRun) await step();
    this.#changes.push({ action: 'step', what: label, details: [] });
  }

  ensureRoom(spec: ObjectSpec): Promise<BuildRef> {
    return this.#ensure(spec, 'DefaultRoom', 'room');
  }

  ensureObject(spec: ObjectSpec): Promise<BuildRef> {
    return this.#ensure(spec, 'DefaultObject', 'object');
  }

  async ensureExits(
    a: BuildRef,
    b: BuildRef,
    there: string,
    back: string,
  ): Promise<[BuildRef, BuildRef]> {
    return [await this.ensureExit(a, b, there), await this.ensureExit(b, a, back)];
  }

  async ensureExit(
    from: BuildRef,
    to: BuildRef,
    name: string,
    spec: ExitSpec = {},
  ): Promise<BuildRef> {
    const [key = '', ...aliases] = name.split(';').map((p) => p.trim());
    const what = `exit '${key}' from ${nameOf(from)} to ${nameOf(to)}`;
    const step = `ensureExit ${what}`;
    if (key === '') throw invalid(step, "an exit needs a name ('north;n')");
    const typeclass = spec.typeclass ?? 'DefaultExit';
    this.#checkTypeclass(step, typeclass);
    const attributes = this.#attributes(step, spec);
    this.#checkLocks(step, spec.locks);
    this.#checkRef(step, 'from', from);
    this.#checkRef(step, 'to', to);

    const existing = this.#findExit(step, from, key);
    if (existing === null) {
      if (this.dryRun || isPlanned(from) || isPlanned(to)) {
        if (!this.dryRun) throw invalid(step, 'a room it names was never made');
        const planned: PlannedObject = { planned: true, key, tag: null };
        const byName = this.#plannedExits.get(from) ?? new Map<string, PlannedObject>();
        byName.set(key.toLowerCase(), planned);
        this.#plannedExits.set(from, byName);
        this.#record('create', what, []);
        return planned;
      }
      const exit = await this.#opts.objects.create({
        typeclass,
        key,
        aliases,
        location: from,
        destination: to,
        attributes,
        tags: tagsOf(spec.tags),
        ...(spec.locks === undefined ? {} : { locks: spec.locks }),
      });
      this.#record('create', what, []);
      return exit;
    }
    if (isPlanned(existing)) return existing;
    const details: string[] = [];
    if (existing.destination !== to) {
      details.push(`destination → ${nameOf(to)}`);
      if (!this.dryRun && !isPlanned(to)) existing.destination = to;
    }
    if (existing.key !== key) {
      details.push(`key → ${key}`);
      if (!this.dryRun) existing.key = key;
    }
    const aliasChanges = this.#aliases(existing, aliases);
    details.push(...aliasChanges);
    if (aliasChanges.length > 0 && !this.dryRun && existing instanceof DefaultExit) {
      existing.refreshCmdset();
    }
    details.push(...this.#sameFields(existing, { attributes, tags: spec.tags, locks: spec.locks }));
    await this.#typeclass(existing, spec.typeclass, details);
    this.#record(details.length > 0 ? 'update' : 'same', `${what} (#${existing.id})`, details);
    return existing;
  }

  // ---- rooms and things ----------------------------------------------------------------------

  async #ensure(spec: ObjectSpec, defaultTypeclass: string, kind: string): Promise<BuildRef> {
    const tag = typeof spec.tag === 'string' ? spec.tag.trim() : '';
    const step = `ensure${kind === 'room' ? 'Room' : 'Object'} [${tag}]`;
    if (tag === '') throw invalid(step, 'a tag is needed, to find the object again next time');
    if (tag.length > MAX_TAG) throw invalid(step, `the tag is longer than ${MAX_TAG} characters`);
    if (typeof spec.key !== 'string' || spec.key.trim() === '')
      throw invalid(step, 'a key is needed');
    const proto = this.#prototype(step, spec.prototype);
    const typeclass = spec.typeclass ?? proto?.typeclass ?? defaultTypeclass;
    this.#checkTypeclass(step, typeclass);
    const attributes = this.#attributes(step, spec);
    this.#checkLocks(step, spec.locks);
    if (spec.location != null) this.#checkRef(step, 'location', spec.location);
    if (spec.home != null) this.#checkRef(step, 'home', spec.home);
    const what = `${kind} '${spec.key}' [${tag}]`;

    const existing = this.#findTagged(step, tag);
    if (existing === null) {
      if (this.dryRun) {
        const planned: PlannedObject = { planned: true, key: spec.key, tag };
        this.#plannedByTag.set(tag, planned);
        const at = spec.location == null ? '' : ` in ${nameOf(spec.location)}`;
        this.#record(
          'create',
          `${what}${proto ? ` from prototype ${proto.prototypeKey}` : ''}${at}`,
          [],
        );
        return planned;
      }
      const obj = await this.#create(spec, tag, typeclass, attributes, proto);
      if (spec.location !== undefined) {
        obj.attributes.set(PLACED_ATTRIBUTE, obj.location?.id ?? 0, SYSTEM);
      }
      this.#record('create', `${what} (#${obj.id})`, []);
      return obj;
    }
    if (isPlanned(existing)) return existing;
    const details: string[] = [];
    if (existing.key !== spec.key) {
      details.push(`key → ${spec.key}`);
      if (!this.dryRun) existing.key = spec.key;
    }
    if (spec.aliases !== undefined) details.push(...this.#aliases(existing, spec.aliases));
    details.push(...this.#sameFields(existing, { attributes, tags: spec.tags, locks: spec.locks }));
    details.push(...(await this.#place(existing, spec)));
    await this.#typeclass(existing, spec.typeclass, details);
    this.#record(details.length > 0 ? 'update' : 'same', `${what} (#${existing.id})`, details);
    return existing;
  }

  async #create(
    spec: ObjectSpec,
    tag: string,
    typeclass: string,
    attributes: Record<string, AttributeValue>,
    proto: ResolvedPrototype | null,
  ): Promise<DefaultObject> {
    const location = real(spec.location);
    const home = real(spec.home);
    const tags: Tag[] = [[tag, BUILD_TAG_CATEGORY], ...tagsOf(spec.tags)];
    const { objects, prototypes } = this.#opts;
    if (proto === null) {
      return objects.create({
        typeclass,
        key: spec.key,
        ...(location === undefined ? {} : { location }),
        ...(home === undefined ? {} : { home }),
        attributes,
        aliases: spec.aliases ?? [],
        tags,
        ...(spec.locks === undefined ? {} : { locks: spec.locks }),
      });
    }
    const obj = await prototypes.spawn(proto, {
      ...(location === undefined ? {} : { location }),
      tags,
    });
    // The file's own fields go over the prototype's.
    if (obj.key !== spec.key) obj.key = spec.key;
    if (spec.aliases !== undefined) this.#aliases(obj, spec.aliases);
    this.#sameFields(obj, { attributes, locks: spec.locks });
    if (home !== undefined) obj.home = home;
    return obj;
  }

  /**
   * Re-homes `obj`, and moves it where the spec says when that differs from where the file put
   * it last time (when not a dry run); what differs. A thing a player carried off stays with
   * them on later runs, until the file names another place for it.
   */
  async #place(obj: DefaultObject, spec: ObjectSpec): Promise<string[]> {
    const details: string[] = [];
    if (spec.location !== undefined) {
      const wanted = isPlanned(spec.location) ? -1 : (spec.location?.id ?? 0);
      const placed = obj.attributes.get(PLACED_ATTRIBUTE, SYSTEM);
      if (placed !== wanted && obj.location !== spec.location) {
        details.push(`location → ${nameOf(spec.location)}`);
        if (!this.dryRun && spec.location !== null && !isPlanned(spec.location)) {
          if (!(await obj.moveTo(spec.location, { quiet: true }))) {
            details.push(`(the move to ${nameOf(spec.location)} was refused)`);
          }
        }
      }
      if (!this.dryRun && placed !== wanted) obj.attributes.set(PLACED_ATTRIBUTE, wanted, SYSTEM);
    }
    if (spec.home !== undefined && obj.home !== spec.home) {
      details.push(`home → ${nameOf(spec.home)}`);
      if (!this.dryRun && !isPlanned(spec.home)) obj.home = spec.home;
    }
    return details;
  }

  // ---- finding -----------------------------------------------------------------------------

  #findTagged(step: string, tag: string): BuildRef | null {
    const planned = this.#plannedByTag.get(tag);
    if (planned !== undefined) return planned;
    const found = this.#opts.objects.all().filter((o) => o.tags.has(tag, BUILD_TAG_CATEGORY));
    if (found.length > 1) {
      throw invalid(
        step,
        `the build tag '${tag}' is on ${found.length} objects (${found.map((o) => `#${o.id}`).join(', ')}); remove it from all but one`,
      );
    }
    return found[0] ?? null;
  }

  #findExit(step: string, from: BuildRef, key: string): BuildRef | null {
    const planned = this.#plannedExits.get(from)?.get(key.toLowerCase());
    if (planned !== undefined) return planned;
    if (isPlanned(from)) return null;
    const found = from.contents.filter(
      (o) => o.destination !== null && o.key.toLowerCase() === key.toLowerCase(),
    );
    if (found.length > 1) {
      throw invalid(
        step,
        `${nameOf(from)} has ${found.length} exits called '${key}' (${found.map((o) => `#${o.id}`).join(', ')}); remove all but one`,
      );
    }
    return found[0] ?? null;
  }

  // ---- comparing and changing ----------------------------------------------------------------

  /** Makes `obj`'s aliases exactly `aliases` (when not a dry run); what differs. */
  #aliases(obj: DefaultObject, aliases: readonly string[]): string[] {
    const details: string[] = [];
    for (const alias of obj.aliases.all()) {
      if (aliases.includes(alias)) continue;
      details.push(`alias ${alias} removed`);
      if (!this.dryRun) obj.aliases.remove(alias);
    }
    for (const alias of aliases) {
      if (obj.aliases.has(alias)) continue;
      details.push(`alias ${alias}`);
      if (!this.dryRun) obj.aliases.add(alias);
    }
    return details;
  }

  /** Sets the attributes, tags and locks that differ (when not a dry run); what differs. */
  #sameFields(
    obj: DefaultObject,
    fields: {
      attributes: Record<string, AttributeValue>;
      tags?: ObjectSpec['tags'];
      locks?: string | undefined;
    },
  ): string[] {
    const details: string[] = [];
    for (const [name, value] of Object.entries(fields.attributes)) {
      if (sameValue(obj.attributes.get(name), value)) continue;
      details.push(name);
      if (!this.dryRun) obj.attributes.set(name, value);
    }
    for (const [tag, category] of tagsOf(fields.tags)) {
      if (obj.tags.has(tag, category)) continue;
      details.push(`tag ${tag}`);
      if (!this.dryRun) obj.tags.add(tag, category);
    }
    if (fields.locks !== undefined) {
      const wanted = new LockHandler(this.#opts.objects.lockFuncs, null, fields.locks);
      for (const type of wanted.accessTypes()) {
        const expr = wanted.get(type) as string;
        if (obj.locks.get(type) === expr) continue;
        details.push(`lock ${type}`);
        if (!this.dryRun) obj.locks.add(`${type}:${expr}`);
      }
    }
    return details;
  }

  /** Swaps `obj` to the file's typeclass in place when it differs (when not a dry run). */
  async #typeclass(obj: DefaultObject, typeclass: string | undefined, details: string[]) {
    if (typeclass === undefined || obj.typeclass === typeclass) return;
    details.push(`typeclass ${obj.typeclass} → ${typeclass}`);
    if (!this.dryRun) await this.#opts.objects.swapTypeclass(obj, typeclass);
  }

  #record(action: BuildChange['action'], what: string, details: string[]): void {
    this.#changes.push({ action, what, details });
  }

  // ---- checks (every one before anything is changed) ---------------------------------------

  #prototype(step: string, key: string | undefined): ResolvedPrototype | null {
    if (key === undefined) return null;
    try {
      return this.#opts.prototypes.resolve(key);
    } catch (err) {
      throw invalid(step, (err as Error).message, err);
    }
  }

  #checkTypeclass(step: string, typeclass: string): void {
    if (!this.#opts.prototypes.hasTypeclass(typeclass)) {
      throw invalid(step, `typeclass '${typeclass}' is not registered in this game`);
    }
  }

  #checkLocks(step: string, locks: string | undefined): void {
    if (locks === undefined) return;
    try {
      new LockHandler(this.#opts.objects.lockFuncs, null, locks);
    } catch (err) {
      throw invalid(step, `bad lock string: ${(err as Error).message}`, err);
    }
  }

  #attributes(
    step: string,
    spec: { desc?: string; attributes?: Readonly<Record<string, AttributeValue>> },
  ): Record<string, AttributeValue> {
    const attributes: Record<string, AttributeValue> = { ...spec.attributes };
    if (spec.desc !== undefined) attributes['desc'] = spec.desc;
    for (const [name, value] of Object.entries(attributes)) {
      try {
        encodeValue(value, `attribute '${name}'`);
      } catch (err) {
        throw invalid(step, (err as Error).message, err);
      }
    }
    return attributes;
  }

  #checkRef(step: string, field: string, ref: BuildRef): void {
    if (isPlanned(ref)) {
      if (!this.dryRun) throw invalid(step, `${field} is an object a dry run planned`);
      return;
    }
    if (ref.isDeleted) throw invalid(step, `${field} #${ref.id} was deleted`);
  }
}

function real(ref: BuildRef | null | undefined): DefaultObject | null | undefined {
  return isPlanned(ref) ? undefined : ref;
}

function tagsOf(tags: ObjectSpec['tags']): Tag[] {
  return (tags ?? []).map((t): Tag => (typeof t === 'string' ? [t, ''] : [t[0], t[1]]));
}

function nameOf(ref: BuildRef | null): string {
  if (ref === null) return 'nowhere';
  return isPlanned(ref) ? `${ref.key} (new)` : `${ref.key}(#${ref.id})`;
}

function invalid(step: string, why: string, cause?: unknown): WaystoneError {
  return new WaystoneError('BUILD_INVALID', `${step}: ${why}.`, { cause });
}
