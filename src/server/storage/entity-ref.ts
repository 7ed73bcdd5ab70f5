/**
 * Helpers for EntityRef, the typed pointer to a stored account or object. Attributes hold refs
 * (not copies) to other entities, and the attribute/tag repositories use a ref as their owner.
 */
import type { EntityRef, OwnerKind } from './types.ts';

export const OWNER_KINDS: readonly OwnerKind[] = ['account', 'object'];

export function accountRef(id: number): EntityRef {
  return { $ref: 'account', id };
}

export function objectRef(id: number): EntityRef {
  return { $ref: 'object', id };
}

/** A valid ref: exactly `$ref` (a known kind) and `id` (a positive safe integer). */
export function isEntityRef(value: unknown): value is EntityRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 2 || !('$ref' in value) || !('id' in value)) return false;
  const { $ref, id } = value as { $ref: unknown; id: unknown };
  return (
    OWNER_KINDS.includes($ref as OwnerKind) &&
    typeof id === 'number' &&
    Number.isSafeInteger(id) &&
    id > 0
  );
}
