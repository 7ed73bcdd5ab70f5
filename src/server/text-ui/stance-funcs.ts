/**
 * The built-in inline functions: actor stance (Evennia's `$you()`, `$conj()`, `$pron()`,
 * `$obj()`). One message, sent to a room, reads right for each reader:
 *
 *   '$You() $conj(open) $obj(door, the).'  →  the actor:   "You open the door."
 *                                             the others:  "Ann opens the door."
 *
 *   $you() / $You()        "you" for the actor; the actor's name ("Ann", "a cat") for others
 *   $you(key) / $You(key)  the same for the mapped object `key`
 *   $conj(verb)            the verb as written for the actor, third person for others
 *                          (conjugate.ts: open → opens, are → is, try → tries) — unless the
 *                          subject before it was a plural "they" ($Pron(you) $conj(stretch):
 *                          "They stretch"; $You() $conj(stretch): "Kim stretches")
 *   $pron(pronoun[, opts]) / $Pron(…)
 *                          a pronoun of the actor: "you/your/yourself" for the actor, by the
 *                          actor's gender for others (pronouns.ts); opts: sp, op, pa, pp (the
 *                          role, for "you" as an object, say) and a gender (male, female,
 *                          neutral, plural, or m/f/n/p) to use instead of the actor's
 *   $obj(key[, a|the]) / $Obj(…)
 *                          the mapped object `key` as the reader sees it; `a`: with its
 *                          indefinite article ("a lantern"), `the`: definite ("the lantern")
 *
 * Capitalised names (`$You`, `$Pron`, `$Obj`) capitalise what they give. A call that names no
 * actor or an unknown key stays in the text as written.
 */
import { thirdPerson } from './conjugate.ts';
import type { InlineContext, InlineFunc, StanceEntity } from './inline-types.ts';
import { parseGender, pronoun, pronounRole, type Gender } from './pronouns.ts';

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whose eyes names are seen through (NameView). */
function looker(ctx: InlineContext): StanceEntity | null {
  return ctx.names === 'viewer' ? ctx.viewer : null;
}

/** The mapped value for `key`, or null when the mapping has none. */
function mapped(ctx: InlineContext, key: string): StanceEntity | string | null {
  return Object.hasOwn(ctx.mapping, key) ? (ctx.mapping[key] ?? null) : null;
}

/** The note `$conj` reads: the last subject was plural ("they stretch", "you stretch"). */
const PLURAL_SUBJECT = 'pluralSubject';

function you(args: readonly string[], ctx: InlineContext): string | null {
  const key = args[0] ?? '';
  const target = key === '' ? ctx.actor : mapped(ctx, key);
  if (target === null) return null;
  ctx.notes?.set(PLURAL_SUBJECT, false);
  if (typeof target === 'string') return target;
  if (ctx.viewer !== null && target === ctx.viewer) return 'you';
  return target.getIndefiniteName(looker(ctx));
}

function conj(args: readonly string[], ctx: InlineContext): string | null {
  const verb = args.join(', ');
  if (verb === '') return null;
  const self = ctx.viewer !== null && ctx.viewer === ctx.actor;
  return self || ctx.notes?.get(PLURAL_SUBJECT) === true ? verb : thirdPerson(verb);
}

function genderOf(entity: StanceEntity | null): Gender {
  const chosen = parseGender(entity?.db['gender']);
  if (chosen !== null) return chosen;
  return entity?.isCharacter === true ? 'plural' : 'neutral';
}

function pron(args: readonly string[], ctx: InlineContext): string | null {
  const [word = '', ...options] = args;
  const role = pronounRole(word, options);
  if (role === null || ctx.actor === null) return null;
  const self = ctx.viewer !== null && ctx.viewer === ctx.actor;
  const gender = options.map(parseGender).find((g) => g !== null) ?? genderOf(ctx.actor);
  if (role === 'subject') ctx.notes?.set(PLURAL_SUBJECT, !self && gender === 'plural');
  return pronoun(role, self, gender);
}

function obj(args: readonly string[], ctx: InlineContext): string | null {
  const [key = '', form = ''] = args;
  const target = mapped(ctx, key);
  if (target === null) return null;
  if (typeof target === 'string') return target;
  const who = looker(ctx);
  switch (form.toLowerCase()) {
    case 'a':
    case 'an':
      return target.getIndefiniteName(who);
    case 'the':
      return target.getDefiniteName(who);
    default:
      return target.getDisplayName(who);
  }
}

function capitalized(fn: InlineFunc): InlineFunc {
  return (args, ctx) => {
    const out = fn(args, ctx);
    return out === null ? null : capitalize(out);
  };
}

/** The built-in functions by name (inline-funcs.ts registers them in every registry). */
export const STANCE_FUNCS: ReadonlyMap<string, InlineFunc> = new Map([
  ['you', you],
  ['You', capitalized(you)],
  ['conj', conj],
  ['pron', pron],
  ['Pron', capitalized(pron)],
  ['obj', obj],
  ['Obj', capitalized(obj)],
]);
