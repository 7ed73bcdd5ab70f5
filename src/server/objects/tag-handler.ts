/**
 * An object's tags (Evennia's `obj.tags`): labels in categories ('' = none). Aliases are the
 * tags of category 'alias' and permissions those of category 'permission'; `category(name)`
 * gives a view of one category (`obj.aliases`). Loaded with the object; changes are written
 * through the object's dirty keys (write-scopes.ts).
 */
import type { TagRow } from '../storage/types.ts';
import type { HandlerOwner } from './attribute-handler.ts';
import type { DirtyTracker } from './write-scopes.ts';

export class TagHandler {
  /** Null until the first tag: most objects (characters too) have none. */
  #byCategory: Map<string, readonly string[]> | null = null;

  constructor(
    private readonly owner: HandlerOwner,
    rows: readonly TagRow[],
    private readonly tracker: DirtyTracker,
  ) {
    for (const row of rows) this.#insert(row.tag, row.category);
  }

  /** False when the tag was already there. */
  add(tag: string, category = ''): boolean {
    if (this.has(tag, category)) return false;
    this.#insert(tag, category);
    this.#dirty(tag, category);
    return true;
  }

  /** False when the tag was not there. */
  remove(tag: string, category = ''): boolean {
    const list = this.#byCategory?.get(category);
    if (list === undefined || !list.includes(tag)) return false;
    this.#byCategory?.set(category, Object.freeze(list.filter((t) => t !== tag).slice()));
    this.#dirty(tag, category);
    return true;
  }

  has(tag: string, category = ''): boolean {
    return this.#byCategory?.get(category)?.includes(tag) ?? false;
  }

  /** The tags of one category, in the order added (a frozen list: do not keep it). */
  all(category = ''): readonly string[] {
    return this.#byCategory?.get(category) ?? EMPTY;
  }

  categories(): string[] {
    return [...(this.#byCategory?.keys() ?? [])].filter((c) => this.all(c).length > 0).sort();
  }

  category(category: string): CategoryTags {
    return new CategoryTags(this, category);
  }

  #insert(tag: string, category: string): void {
    // concat and slice size a list exactly; a spread or filter leaves room for 17 or more.
    (this.#byCategory ??= new Map()).set(category, Object.freeze(this.all(category).concat(tag)));
  }

  #dirty(tag: string, category: string): void {
    const ref = { ...this.owner.ref };
    this.tracker.markDirty(`tag:${ref.id}:${category}\u0000${tag}`, async (tx) => {
      if (this.owner.isDeleted) return;
      if (this.has(tag, category)) await tx.tags.add(ref, tag, category);
      else await tx.tags.remove(ref, tag, category);
    });
  }
}

const EMPTY: readonly string[] = Object.freeze([]);

/** One category of an object's tags: `obj.aliases.add('blade')`. */
export class CategoryTags {
  constructor(
    private readonly tags: TagHandler,
    readonly category: string,
  ) {}

  add(tag: string): boolean {
    return this.tags.add(tag, this.category);
  }

  remove(tag: string): boolean {
    return this.tags.remove(tag, this.category);
  }

  has(tag: string): boolean {
    return this.tags.has(tag, this.category);
  }

  all(): readonly string[] {
    return this.tags.all(this.category);
  }
}
