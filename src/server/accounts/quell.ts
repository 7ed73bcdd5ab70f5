/**
 * Quell (Evennia's `quell`): an account with staff permissions plays with its character's
 * permissions only, and a superuser stops passing every lock (the rule is in
 * locks/permissions.ts and locks/lock-subject.ts). It is kept as a system attribute of the
 * account, so it holds over logins and reloads, as Evennia's `_quell` attribute does.
 */
import type { DirtyTracker } from '../objects/write-scopes.ts';
import { accountRef } from '../storage/entity-ref.ts';
import type { AttributeRepository } from '../storage/types.ts';

export const QUELL_ATTRIBUTE = { name: 'quell', category: 'system' } as const;

/** An account as quell changes it. */
export interface QuellableAccount {
  readonly id: number;
  quelled: boolean;
}

/** Whether the stored account has quelled (read as it is loaded). */
export async function loadQuelled(
  attributes: AttributeRepository,
  accountId: number,
): Promise<boolean> {
  const stored = await attributes.get(
    accountRef(accountId),
    QUELL_ATTRIBUTE.name,
    QUELL_ATTRIBUTE.category,
  );
  return stored === true;
}

/**
 * Quells or unquells at once, and stores it with the other writes of the running command
 * (`tracker` is the world's write scope: one commit for everything the command changed).
 */
export function setQuelled(
  account: QuellableAccount,
  quelled: boolean,
  tracker: DirtyTracker,
): void {
  account.quelled = quelled;
  const ref = accountRef(account.id);
  const { name, category } = QUELL_ATTRIBUTE;
  // Stores what memory holds when the write runs, as every dirty write does.
  tracker.markDirty(`quell:${account.id}`, async (tx) => {
    if (account.quelled) await tx.attributes.set(ref, name, true, category);
    else await tx.attributes.delete(ref, name, category);
  });
}
