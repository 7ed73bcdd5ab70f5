/**
 * Inline functions in messages (Evennia's FuncParser): `$name(arg, arg)` in a text is replaced,
 * for each reader, by what the function of that name returns. The built-ins are actor stance
 * (stance-funcs.ts: `$You() $conj(open) $obj(door, the).`); a game adds its own in its setup:
 *
 *   game.inlineFuncs.register('weather', (_args, ctx) => weatherFor(ctx.viewer));
 *   here.msgContents('The sky is $weather().', { inlineFuncs: true });
 *
 * Functions run only where the code sending the message asks (`inlineFuncs: true` on `msg` and
 * `msgContents`), never on text as such. **Player-written text never runs them**: put it in a
 * message through `escapeInlineFuncs` (`$` becomes `$$`, which reads back as `$`), as atSay does
 * with what a player says or poses, and as the mapping does for names.
 *
 * The syntax, read in one left-to-right pass (linear in the text's length, nothing re-read):
 * `$$` is a `$`; `$` + a name (letters, digits, `_`; not starting with a digit) + `(` …
 * `)` is a call when the name is registered and the parentheses close on the same line with no
 * `(` inside (calls do not nest); anything else — `$5`, `$unknown()`, a call a function declines
 * (null) — stays as written. What a function returns is not read again.
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { InlineContext, InlineFunc } from './inline-types.ts';
import { STANCE_FUNCS } from './stance-funcs.ts';

export type {
  InlineContext,
  InlineFunc,
  InlineMapping,
  InlineOptions,
  NameView,
  StanceEntity,
} from './inline-types.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_AT = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Player text made safe to put in a message that runs inline functions. */
export function escapeInlineFuncs(text: string): string {
  return text.replaceAll('$', '$$$$');
}

export class InlineFuncRegistry {
  readonly #funcs = new Map<string, InlineFunc>(STANCE_FUNCS);

  /**
   * Add (or replace) the function `$name(…)`. Names are case-sensitive (`$You` and `$you` are
   * two functions). Throws GAME_CODE for a name that could never be called.
   */
  register(name: string, fn: InlineFunc): void {
    if (!NAME.test(name) || typeof fn !== 'function') {
      throw new WaystoneError(
        'GAME_CODE',
        `Inline function '${name}' must be a name of letters, digits and _ (not starting with a digit) and a function.`,
      );
    }
    this.#funcs.set(name, fn);
  }

  /** Remove a function; true when there was one. */
  unregister(name: string): boolean {
    return this.#funcs.delete(name);
  }

  has(name: string): boolean {
    return this.#funcs.has(name);
  }

  names(): string[] {
    return [...this.#funcs.keys()].sort();
  }

  /**
   * The text as `ctx.viewer` reads it: every call replaced (see the module comment). A function
   * that throws fails the rendering with GAME_CODE naming it (the error reaches whoever sent the
   * message, as any error in game code does).
   */
  render(text: string, ctx: InlineContext): string {
    if (!text.includes('$')) return text;
    const rendering: InlineContext = { ...ctx, notes: new Map() };
    let out = '';
    let from = 0;
    for (let at = text.indexOf('$'); at >= 0; at = text.indexOf('$', from)) {
      out += text.slice(from, at);
      if (text[at + 1] === '$') {
        out += '$';
        from = at + 2;
        continue;
      }
      const call = this.#readCall(text, at);
      if (call === null) {
        out += '$';
        from = at + 1;
        continue;
      }
      const result = this.#run(call.name, call.args, rendering);
      out += result ?? text.slice(at, call.end);
      from = call.end;
    }
    return out + text.slice(from);
  }

  #readCall(text: string, at: number): { name: string; args: string[]; end: number } | null {
    NAME_AT.lastIndex = at + 1;
    const name = NAME_AT.exec(text)?.[0];
    if (name === undefined || !this.#funcs.has(name)) return null;
    const open = at + 1 + name.length;
    if (text[open] !== '(') return null;
    for (let i = open + 1; i < text.length; i++) {
      const c = text[i];
      if (c === ')') {
        const inside = text.slice(open + 1, i).trim();
        return {
          name,
          args: inside === '' ? [] : inside.split(',').map((a) => a.trim()),
          end: i + 1,
        };
      }
      if (c === '(' || c === '\n') return null;
    }
    return null;
  }

  #run(name: string, args: readonly string[], ctx: InlineContext): string | null {
    const fn = this.#funcs.get(name) as InlineFunc;
    try {
      return fn(args, ctx);
    } catch (err) {
      throw new WaystoneError(
        'GAME_CODE',
        `Inline function $${name}() failed: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }
}
