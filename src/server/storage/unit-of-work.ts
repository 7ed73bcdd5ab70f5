/**
 * The writes of one command, collected while it runs and committed together (DESIGN.md §5:
 * every change a command makes is committed before its result is reported). The typed
 * methods validate and encode their values at once, so a bad value fails the command where it
 * was set, and a value the game mutates afterwards is stored as it was when set.
 */
import type { Kysely } from 'kysely';
import { WaystoneError } from '../../shared/errors.ts';
import { encodeValue } from './attribute-codec.ts';
import type { InternalWrite } from './commit-queue.ts';
import { attributeLabel, writeEncodedAttribute } from './repositories/attributes.ts';
import { configLabel, writeEncodedConfig } from './repositories/config.ts';
import { assertOwner } from './repositories/context.ts';
import type { Database } from './schema.ts';
import type {
  AccountPatch,
  AttributeValue,
  EntityRef,
  ObjectPatch,
  QueuedWrite,
  UnitOfWork,
} from './types.ts';

export interface Committer {
  commit(writes: readonly InternalWrite[]): Promise<void>;
}

export class QueuedUnitOfWork implements UnitOfWork {
  readonly #writes: InternalWrite[] = [];
  #sealed = false;
  readonly #committer: Committer;

  constructor(committer: Committer) {
    this.#committer = committer;
  }

  get size(): number {
    return this.#writes.length;
  }

  add(write: QueuedWrite): void {
    this.#push(write);
  }

  setAttribute(owner: EntityRef, name: string, value: AttributeValue, category = ''): void {
    assertOwner(owner);
    const encoded = encodeValue(value, attributeLabel(owner, name, category));
    const ref = { ...owner };
    this.#push((_tx, db) => writeEncodedAttribute(db, ref, name, category, encoded));
  }

  deleteAttribute(owner: EntityRef, name: string, category = ''): void {
    assertOwner(owner);
    const ref = { ...owner };
    this.#push((tx) => tx.attributes.delete(ref, name, category));
  }

  addTag(owner: EntityRef, tag: string, category = ''): void {
    assertOwner(owner);
    const ref = { ...owner };
    this.#push((tx) => tx.tags.add(ref, tag, category));
  }

  removeTag(owner: EntityRef, tag: string, category = ''): void {
    assertOwner(owner);
    const ref = { ...owner };
    this.#push((tx) => tx.tags.remove(ref, tag, category));
  }

  updateAccount(id: number, patch: AccountPatch): void {
    const copy = copyPatch(patch);
    this.#push((tx) => tx.accounts.update(id, copy));
  }

  deleteAccount(id: number): void {
    this.#push((tx) => tx.accounts.delete(id));
  }

  updateObject(id: number, patch: ObjectPatch): void {
    const copy = { ...patch };
    this.#push((tx) => tx.objects.update(id, copy));
  }

  deleteObject(id: number): void {
    this.#push((tx) => tx.objects.delete(id));
  }

  setConfig(key: string, value: AttributeValue): void {
    const encoded = encodeValue(value, configLabel(key));
    this.#push((_tx, db: Kysely<Database>) => writeEncodedConfig(db, key, encoded));
  }

  deleteConfig(key: string): void {
    this.#push((tx) => tx.config.delete(key));
  }

  async commit(): Promise<void> {
    this.#assertOpen();
    this.#sealed = true;
    if (this.#writes.length === 0) return;
    await this.#committer.commit(this.#writes);
  }

  #push(write: InternalWrite): void {
    this.#assertOpen();
    this.#writes.push(write);
  }

  #assertOpen(): void {
    if (this.#sealed) {
      throw new WaystoneError(
        'STORAGE_UNIT_OF_WORK',
        'This unit of work was already committed; start a new one for further writes.',
      );
    }
  }
}

/** Copies the mutable parts (dates, the permission list) as they are now. */
function copyPatch(patch: AccountPatch): AccountPatch {
  const copy: AccountPatch = { ...patch };
  if (patch.permissions !== undefined) copy.permissions = [...patch.permissions];
  if (patch.lastLoginAt instanceof Date) copy.lastLoginAt = new Date(patch.lastLoginAt);
  return copy;
}
