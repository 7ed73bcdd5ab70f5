/**
 * Test-only: an object manager on a test storage, and sessions that record what they were
 * sent. Nothing in the object layer imports this.
 */
import { createLockFuncRegistry } from '../locks/builtin-lock-funcs.ts';
import { silentLog } from '../storage/test-support.ts';
import type { Storage } from '../storage/types.ts';
import { ObjectManager, type ObjectManagerOptions } from './object-manager.ts';
import type { ObjectSession } from './object-sessions.ts';
import { TypeclassRegistry } from './typeclass-registry.ts';

export class TestSession implements ObjectSession {
  readonly received: string[] = [];
  constructor(readonly sessid: number) {}
  msg(text: string): void {
    this.received.push(text);
  }
}

export function objectManager(
  storage: Storage,
  options: Partial<ObjectManagerOptions> = {},
): ObjectManager {
  return new ObjectManager({
    storage,
    lockFuncs: createLockFuncRegistry(),
    typeclasses: new TypeclassRegistry(),
    log: silentLog,
    ...options,
  });
}
