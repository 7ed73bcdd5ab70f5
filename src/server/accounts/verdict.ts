/**
 * The answer of every account check (name, password, throttle, ban): either ok, or a refusal
 * with a stable code for callers and tests and a message written for the player. Checks return
 * refusals rather than throwing, because a refused name or password is an expected outcome of
 * player input, not a fault.
 */
import type { ErrorCode } from '../../shared/errors.ts';

export interface Refusal {
  readonly ok: false;
  readonly code: ErrorCode;
  /** Player-facing: says what to do differently. */
  readonly message: string;
}

export type Verdict = { readonly ok: true } | Refusal;

export const OK: { readonly ok: true } = Object.freeze({ ok: true });

export function refuse(code: ErrorCode, message: string): Refusal {
  return { ok: false, code, message };
}
