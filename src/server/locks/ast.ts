/**
 * The parsed form of a lock expression and its evaluation. Parsing happens once, when a lock
 * is set; checking only walks this tree, short-circuiting `and`/`or`. Nothing here ever turns
 * text into code.
 */
import type { LockSubject } from './lock-subject.ts';

export type LockNode =
  | {
      readonly kind: 'call';
      /** Lower-cased function name, resolved in the registry at check time. */
      readonly name: string;
      readonly args: readonly string[];
      readonly kwargs: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'not'; readonly operand: LockNode }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly LockNode[] };

/** A lock function: true grants access. `target` is the entity the lock sits on. */
export type LockFunc = (
  subject: LockSubject,
  target: unknown,
  args: readonly string[],
  kwargs: Readonly<Record<string, string>>,
) => boolean;

/** How the evaluator finds functions (the registry implements it). */
export interface LockFuncLookup {
  resolve(name: string): LockFunc | undefined;
}

export function evaluateLock(
  node: LockNode,
  funcs: LockFuncLookup,
  subject: LockSubject,
  target: unknown,
): boolean {
  switch (node.kind) {
    case 'call': {
      const fn = funcs.resolve(node.name);
      // Unknown names are refused at parse time; a missing one here means fail closed.
      return fn !== undefined && fn(subject, target, node.args, node.kwargs) === true;
    }
    case 'not':
      return !evaluateLock(node.operand, funcs, subject, target);
    case 'and':
      for (const operand of node.operands) {
        if (!evaluateLock(operand, funcs, subject, target)) return false;
      }
      return true;
    case 'or':
      for (const operand of node.operands) {
        if (evaluateLock(operand, funcs, subject, target)) return true;
      }
      return false;
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** What the parser asks about function names, so it can refuse bad locks when they are set. */
export interface LockFuncCatalog {
  has(name: string): boolean;
  /** A reason the arguments are wrong for this function, or null when they are fine. */
  checkArgs(
    name: string,
    args: readonly string[],
    kwargs: Readonly<Record<string, string>>,
  ): string | null;
}
