/**
 * The locks on an object: a LockHandler that reports every change, so the object can store
 * its lock string. A stored lock string is parsed when the object loads; one that no longer
 * parses (a lock function the game stopped registering) fails the load with LOCK_INVALID —
 * loudly, rather than an object with its locks silently gone.
 */
import { LockHandler } from '../locks/lock-handler.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';

/**
 * Told of every change, with the handler's owner: one function can serve every object
 * (a closure per object would cost each one a function).
 */
export type LocksChanged = (lockString: string, owner: unknown) => void;

export class PersistentLockHandler extends LockHandler {
  #onChange: LocksChanged | null = null;

  constructor(funcs: LockFuncRegistry, owner: unknown, stored: string, onChange: LocksChanged) {
    super(funcs, owner, '');
    if (stored !== '') super.replace(stored);
    this.#onChange = onChange;
  }

  override add(lockString: string): void {
    super.add(lockString);
    this.#changed();
  }

  override replace(lockString: string): void {
    super.replace(lockString);
    this.#changed();
  }

  override remove(accessType: string): boolean {
    const removed = super.remove(accessType);
    if (removed) this.#changed();
    return removed;
  }

  override clear(): void {
    super.clear();
    this.#changed();
  }

  #changed(): void {
    this.#onChange?.(this.toString(), this.owner);
  }
}
