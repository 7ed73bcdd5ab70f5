/**
 * Batch building: a build file is TypeScript that says what an area is made of, and can be run
 * again and again without making anything twice (Evennia's batchcode, made idempotent):
 *
 *   // mygame/world/garden.ts
 *   import type { BuildWorld } from 'waystone';
 *
 *   export default async function build(world: BuildWorld): Promise<void> {
 *     const garden = await world.ensureRoom({ tag: 'garden', key: 'Garden', desc: 'Roses.' });
 *     await world.ensureExits(world.limbo, garden, 'north;n', 'south;s');
 *     await world.ensureObject({ tag: 'garden/bench', key: 'stone bench', location: garden });
 *   }
 *
 * Each `ensure…` finds its object again — rooms and things by their build tag (a tag of category
 * `build`, unique in the world), exits by their name in the room they leave — and makes it only
 * when it is not there; when it is, it changes in place exactly what differs from the file
 * (its name, description, attributes, aliases, the tags and locks the file lists, its home,
 * and — swapped in place — its typeclass when the file names one). What the file does not
 * mention is left alone, so hand-made changes elsewhere stay. Where a thing is follows the
 * file when the file's place for it changes: a lantern a player carried off is not taken back
 * by the next run.
 *
 * Staff run a build file in game with `batchcode <file>` (a path inside the game directory), or
 * see what it would change first with `batchcode/dry <file>`; a game runs its first world's
 * file once with `game.services.builds.run(build)` in `onWorldCreated`. How a run goes
 * (build-runner.ts): a dry run of the whole file first, which checks every step (typeclasses,
 * prototypes, locks, values, tags that name two objects) and changes nothing; only if it passes,
 * the real run, inside one batch of the object manager.
 */
import type { DefaultObject } from '../objects/object.ts';
import type { FindObjectsQuery } from '../objects/object-manager.ts';
import type { AttributeValue } from '../storage/types.ts';

/** An object a dry run would create: it can be handed to later steps, but it is not there. */
export interface PlannedObject {
  readonly planned: true;
  readonly key: string;
  /** Its build tag (rooms and things) or null (exits). */
  readonly tag: string | null;
}

/** What a step returns and later steps take: a real object, or in a dry run a planned one. */
export type BuildRef = DefaultObject | PlannedObject;

export interface ObjectSpec {
  /** Finds the object again on every later run (a tag of category `build`): unique, stable. */
  tag: string;
  key: string;
  /** A registered typeclass; DefaultRoom for ensureRoom, DefaultObject for ensureObject. */
  typeclass?: string;
  /** Made from this prototype (spawn) when it is first created; the fields here go over it. */
  prototype?: string;
  /** Shorthand for the `desc` attribute. */
  desc?: string;
  attributes?: Readonly<Record<string, AttributeValue>>;
  /** Exactly these aliases (others are removed). */
  aliases?: readonly string[];
  /** At least these tags (others stay). */
  tags?: ReadonlyArray<string | readonly [tag: string, category: string]>;
  /** These locks (per access type; others stay). */
  locks?: string;
  location?: BuildRef | null;
  home?: BuildRef | null;
}

export interface ExitSpec {
  typeclass?: string;
  desc?: string;
  attributes?: Readonly<Record<string, AttributeValue>>;
  tags?: ReadonlyArray<string | readonly [tag: string, category: string]>;
  locks?: string;
}

export interface BuildWorld {
  /** True while rehearsing: nothing is changed, steps report what they would do. */
  readonly dryRun: boolean;
  /** The starting room, where new characters appear. */
  readonly limbo: DefaultObject;
  /** Look-ups in the world as it is (read them; change the world only through the steps). */
  readonly objects: {
    find(query: FindObjectsQuery): Promise<DefaultObject[]>;
    get(id: number): DefaultObject | null;
  };
  ensureRoom(spec: ObjectSpec): Promise<BuildRef>;
  ensureObject(spec: ObjectSpec): Promise<BuildRef>;
  /** An exit `name;alias;…` from `from` to `to`, found by its name in `from`. */
  ensureExit(from: BuildRef, to: BuildRef, name: string, spec?: ExitSpec): Promise<BuildRef>;
  /** Exits both ways: `there` from `a` to `b`, `back` from `b` to `a`. */
  ensureExits(a: BuildRef, b: BuildRef, there: string, back: string): Promise<[BuildRef, BuildRef]>;
  /**
   * A step the helpers cannot say (a script to start, a puzzle to wire): run on a real run
   * only, listed by its label on a dry run. It should be safe to run again, as the file is.
   */
  live(label: string, step: () => void | Promise<void>): Promise<void>;
  /** A line for the report. */
  note(text: string): void;
}

/** What a build file exports as default. */
export type BuildFile = (world: BuildWorld) => void | Promise<void>;

export interface BuildChange {
  readonly action: 'create' | 'update' | 'same' | 'step';
  /** `room 'Garden' [garden]`, `exit 'north' from Limbo to Garden`… */
  readonly what: string;
  /** For an update: what differs (`desc`, `alias n`, `location → Garden`). */
  readonly details: readonly string[];
}

export interface BuildReport {
  readonly dryRun: boolean;
  readonly changes: readonly BuildChange[];
  readonly notes: readonly string[];
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export function isPlanned(ref: BuildRef | null | undefined): ref is PlannedObject {
  return ref !== null && ref !== undefined && 'planned' in ref && ref.planned;
}

/** The tag category that marks what build files made. */
export const BUILD_TAG_CATEGORY = 'build';
