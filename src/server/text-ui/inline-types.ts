/**
 * The types inline functions are written against (inline-funcs.ts runs them, stance-funcs.ts
 * has the built-in ones). Objects are seen through the few methods the functions use, so this
 * folder imports nothing from objects/ (DefaultObject fits `StanceEntity` as it is).
 */
import type { LockSubject } from '../locks/lock-subject.ts';

/** An object as a message names it. */
export interface StanceEntity extends LockSubject {
  /** Its name as `looker` sees it (a builder sees `Ann(#3)`); null: as anyone sees it. */
  getDisplayName(looker: LockSubject | null): string;
  /** "a brass lantern", "Ann". */
  getIndefiniteName(looker: LockSubject | null): string;
  /** "the brass lantern", "Ann". */
  getDefiniteName(looker: LockSubject | null): string;
  /** `gender` for `$pron()` (pronouns.ts). */
  readonly db: { readonly [name: string]: unknown };
  /** Characters default to they/them, anything else to it. */
  readonly isCharacter: boolean;
}

/** What `$obj(key)` and `$you(key)` may name: an object, or fixed text (game text, as is). */
export type InlineMapping = Readonly<Record<string, StanceEntity | string>>;

/**
 * Whose eyes names are seen through. 'viewer': each reader's (`getDisplayName(reader)`: a
 * builder sees ids, a game's recognition system its own names). 'plain': anyone's
 * (`getDisplayName(null)`), one name for every reader, as the room's lines of say and the
 * default movement messages use.
 */
export type NameView = 'viewer' | 'plain';

/** Where an inline function runs: one reader's rendering of one message. */
export interface InlineContext {
  /** Who reads this rendering (null: nobody in particular). */
  readonly viewer: StanceEntity | null;
  /** Who acts: the one `$you()`, `$conj()` and `$pron()` are about (a message's `from`). */
  readonly actor: StanceEntity | null;
  readonly mapping: InlineMapping;
  readonly names: NameView;
  /**
   * Notes the functions leave for the calls after them in the same rendering (the registry
   * gives each rendering its own): the built-ins note whether the last subject was a plural
   * "they", so `$Pron(you) $conj(stretch)` reads "They stretch".
   */
  readonly notes?: Map<string, unknown>;
}

/**
 * An inline function: `$name(arg, arg)` in a message becomes what it returns (markup, shown
 * as written: neutralise anything a player wrote). The arguments are the text between the
 * parentheses split at commas, trimmed. null leaves the call in the text as written, so a
 * mistake shows where it is.
 */
export type InlineFunc = (args: readonly string[], ctx: InlineContext) => string | null;

/** The options `msg` and `msgContents` take for a message with inline functions. */
export interface InlineOptions {
  /**
   * Run the text's inline functions for each reader (inline-funcs.ts). Without it the text is
   * sent exactly as written, `$` and all.
   */
  readonly inlineFuncs?: boolean;
  /** What `$obj(key)` and `$you(key)` name. */
  readonly mapping?: InlineMapping;
  /** Whose eyes names are seen through; default 'viewer'. */
  readonly names?: NameView;
}
