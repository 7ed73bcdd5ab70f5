/**
 * Lock strings: `access_type:expression;access_type:expression`. Each expression is parsed by
 * recursive descent into a `LockNode` tree:
 *
 *   or   := and ('or' and)*
 *   and  := not ('and' not)*
 *   not  := 'not' not | atom
 *   atom := '(' or ')' | NAME '(' [arg (',' arg)*] ')'
 *   arg  := value | NAME '=' value          value := word | 'quoted' | "quoted"
 *
 * Everything that can be wrong with a lock (syntax, unbalanced parentheses, an unknown
 * function, bad arguments, a missing access type) is a `LOCK_INVALID` error here, at the
 * moment the lock is set, so a check never meets a broken lock.
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { LockFuncCatalog, LockNode } from './ast.ts';
import type { LockParseCache } from './parse-cache.ts';
import { tokenizeLockExpression, type LockToken } from './tokenizer.ts';

export interface ParsedLock {
  readonly accessType: string;
  /** The expression as written (after the colon, trimmed). */
  readonly source: string;
  readonly ast: LockNode;
}

const ACCESS_TYPE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const FUNC_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(['and', 'or', 'not']);
const NO_ARGS: readonly string[] = Object.freeze([]);
const NO_KWARGS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Where parsed locks are shared (parse-cache.ts): whole lock strings, and each
 * `access_type:expression` part, so handlers whose strings differ in one part share the rest.
 */
export interface ParsedLockCaches {
  readonly strings: LockParseCache<readonly ParsedLock[]>;
  readonly parts: LockParseCache<ParsedLock>;
  /**
   * Function calls (`perm(Developer)`), so a part of one object's own (`id(5) or
   * perm(Developer)`) shares all but what is its own; and short words (access types, function
   * names), so each is one string however many locks name it.
   */
  readonly calls: LockParseCache<LockNode>;
  readonly words: LockParseCache<string>;
}

/**
 * Parse a whole lock string; later parts win over earlier ones with the same access type. The
 * result and everything in it is frozen: with `caches`, the same objects are handed to every
 * caller that parses the same text.
 */
export function parseLockString(
  lockString: string,
  funcs: LockFuncCatalog,
  caches?: ParsedLockCaches,
): readonly ParsedLock[] {
  const known = caches?.strings.get(lockString);
  if (known !== undefined) return known;
  const byType = new Map<string, ParsedLock>();
  for (const part of splitOutsideQuotes(lockString, ';')) {
    const text = part.trim();
    if (text === '') continue;
    let lock = caches?.parts.get(text);
    if (lock === undefined) {
      lock = parsePart(text, funcs, lockString, caches);
      caches?.parts.set(`${lock.accessType}:${lock.source}`, lock);
    }
    byType.set(lock.accessType, lock);
  }
  const parsed = frozenCopy([...byType.values()]);
  caches?.strings.set(lockString, parsed);
  return parsed;
}

function parsePart(
  text: string,
  funcs: LockFuncCatalog,
  lockString: string,
  caches: ParsedLockCaches | undefined,
): ParsedLock {
  const colon = text.indexOf(':');
  if (colon === -1) {
    throw invalid(lockString, `'${text}' has no access type (write e.g. 'cmd:${text}').`);
  }
  const accessType = text.slice(0, colon).trim();
  if (!ACCESS_TYPE.test(accessType)) {
    throw invalid(lockString, `'${accessType}' is not a valid access type.`);
  }
  const source = ownCopy(text.slice(colon + 1).trim());
  return Object.freeze({
    accessType: shared(accessType, caches),
    source,
    ast: parseLockExpression(source, funcs, lockString, caches),
  });
}

/**
 * A frozen copy of exactly `list.length` slots: a list grown by `push` keeps room for 17, which
 * a lock kept for an object's lifetime would carry for nothing.
 */
export function frozenCopy<T>(list: readonly T[]): readonly T[] {
  return Object.freeze(list.slice());
}

/** The one copy of a short word the caches hold (`text` itself, the first time). */
function shared(text: string, caches: ParsedLockCaches | undefined): string {
  if (caches === undefined) return text;
  const known = caches.words.get(text);
  if (known !== undefined) return known;
  caches.words.set(text, text);
  return text;
}

/**
 * A copy of `text` that does not point into the string it was cut from: V8 keeps a longer
 * slice as a view of its parent, so a lock kept for a long time would keep the whole stored
 * lock string it came from (one per object) alive with it. (What the expression's tokens cut
 * from this copy point into it, which the lock keeps anyway.)
 */
function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Parse one expression (what follows `access_type:`). */
export function parseLockExpression(
  expr: string,
  funcs: LockFuncCatalog,
  lockString: string = expr,
  caches?: ParsedLockCaches,
): LockNode {
  const tokens = tokenizeLockExpression(expr, lockString);
  const parser = new ExpressionParser(tokens, funcs, lockString, caches);
  return parser.parseAll();
}

class ExpressionParser {
  private at = 0;

  constructor(
    private readonly tokens: readonly LockToken[],
    private readonly funcs: LockFuncCatalog,
    private readonly lockString: string,
    private readonly caches: ParsedLockCaches | undefined,
  ) {}

  parseAll(): LockNode {
    if (this.tokens.length === 0)
      throw invalid(this.lockString, 'an access type has no expression.');
    const node = this.parseOr();
    const extra = this.peek();
    if (extra !== undefined) {
      throw invalid(
        this.lockString,
        extra.kind === ')'
          ? `unbalanced ')' at ${extra.pos}.`
          : `expected 'and' or 'or' before ${describe(extra)} at ${extra.pos}.`,
      );
    }
    return node;
  }

  private parseOr(): LockNode {
    const operands = [this.parseAnd()];
    while (this.isKeyword('or')) {
      this.at += 1;
      operands.push(this.parseAnd());
    }
    return operands.length === 1
      ? (operands[0] as LockNode)
      : Object.freeze({ kind: 'or', operands: frozenCopy(operands) });
  }

  private parseAnd(): LockNode {
    const operands = [this.parseNot()];
    while (this.isKeyword('and')) {
      this.at += 1;
      operands.push(this.parseNot());
    }
    return operands.length === 1
      ? (operands[0] as LockNode)
      : Object.freeze({ kind: 'and', operands: frozenCopy(operands) });
  }

  private parseNot(): LockNode {
    if (this.isKeyword('not')) {
      this.at += 1;
      return Object.freeze({ kind: 'not', operand: this.parseNot() });
    }
    return this.parseAtom();
  }

  private parseAtom(): LockNode {
    const token = this.next('a function call or (');
    if (token.kind === '(') {
      const inner = this.parseOr();
      const close = this.next(`')' to close '(' at ${token.pos}`);
      if (close.kind !== ')') throw this.unexpected(close, `')' to close '(' at ${token.pos}`);
      return inner;
    }
    if (
      token.kind !== 'word' ||
      !FUNC_NAME.test(token.text) ||
      KEYWORDS.has(token.text.toLowerCase())
    ) {
      throw this.unexpected(token, 'a function call');
    }
    const name = shared(token.text.toLowerCase(), this.caches);
    const open = this.next(`'(' after '${token.text}'`);
    if (open.kind !== '(') throw this.unexpected(open, `'(' after '${token.text}'`);
    if (!this.funcs.has(name)) {
      throw invalid(this.lockString, `unknown lock function '${token.text}' at ${token.pos}.`);
    }
    const { args, kwargs } = this.parseArgs(open.pos);
    const problem = this.funcs.checkArgs(name, args, kwargs);
    if (problem !== null) throw invalid(this.lockString, `${token.text}(): ${problem}`);
    const key = JSON.stringify([name, args, kwargs]);
    const known = this.caches?.calls.get(key);
    if (known !== undefined) return known;
    // Most calls have no arguments of one kind or both: they share one frozen empty value.
    const call: LockNode = Object.freeze({
      kind: 'call',
      name,
      args: args.length === 0 ? NO_ARGS : frozenCopy(args),
      kwargs: Object.keys(kwargs).length === 0 ? NO_KWARGS : Object.freeze(kwargs),
    });
    this.caches?.calls.set(key, call);
    return call;
  }

  private parseArgs(openPos: number): { args: string[]; kwargs: Record<string, string> } {
    const args: string[] = [];
    const kwargs: Record<string, string> = {};
    const closing = `')' to close '(' at ${openPos}`;
    if (this.peek()?.kind === ')') {
      this.at += 1;
      return { args, kwargs };
    }
    for (;;) {
      const value = this.next(`an argument or ${closing}`);
      if (value.kind !== 'word' && value.kind !== 'string') {
        throw this.unexpected(value, 'an argument');
      }
      if (this.peek()?.kind === '=') {
        this.at += 1;
        const kwValue = this.next('a value after =');
        if (value.kind !== 'word' || (kwValue.kind !== 'word' && kwValue.kind !== 'string')) {
          throw this.unexpected(kwValue, 'name=value');
        }
        kwargs[value.text] = kwValue.text;
      } else {
        args.push(value.text);
      }
      const sep = this.next(closing);
      if (sep.kind === ')') return { args, kwargs };
      if (sep.kind !== ',') throw this.unexpected(sep, `',' or ${closing}`);
    }
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token !== undefined && token.kind === 'word' && token.text.toLowerCase() === word;
  }

  private peek(): LockToken | undefined {
    return this.tokens[this.at];
  }

  private next(expected: string): LockToken {
    const token = this.tokens[this.at];
    if (token === undefined) throw invalid(this.lockString, `expected ${expected}, found the end.`);
    this.at += 1;
    return token;
  }

  private unexpected(token: LockToken, expected: string): WaystoneError {
    return invalid(
      this.lockString,
      `expected ${expected}, found ${describe(token)} at ${token.pos}.`,
    );
  }
}

function describe(token: LockToken): string {
  return token.kind === 'word' || token.kind === 'string' ? `'${token.text}'` : `'${token.kind}'`;
}

function invalid(lockString: string, reason: string): WaystoneError {
  return new WaystoneError('LOCK_INVALID', `Lock '${lockString}' is invalid: ${reason}`);
}

/** Split on `sep` except inside quotes, so `attr(note, 'a;b')` stays one part. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === '\\') i += 1;
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
