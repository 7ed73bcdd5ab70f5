/**
 * How builders name things: `name;alias;alias` and, for `create`, a trailing `:Typeclass`.
 * Bounded: names and aliases are at most MAX_NAME_LENGTH characters, at most MAX_ALIASES of
 * them, and none may be empty.
 */

export const MAX_NAME_LENGTH = 80;
export const MAX_ALIASES = 10;

export interface NameSpec {
  key: string;
  aliases: string[];
  /** The typeclass after `:`, when given. */
  typeclass: string | null;
}

/** Parses a name spec; a string is the problem, for the builder to read. */
export function parseNameSpec(text: string, allowTypeclass = false): NameSpec | string {
  let spec = text.trim();
  let typeclass: string | null = null;
  if (allowTypeclass) {
    const colon = spec.lastIndexOf(':');
    if (colon !== -1) {
      typeclass = spec.slice(colon + 1).trim();
      spec = spec.slice(0, colon).trim();
      if (!/^[A-Za-z_][\w.]*$/.test(typeclass)) return `'${typeclass}' is not a typeclass name.`;
    }
  }
  const [key = '', ...rest] = spec.split(';').map((part) => part.trim());
  if (key === '') return 'A name is needed.';
  const aliases = [...new Set(rest.filter((a) => a !== ''))];
  const tooLong = [key, ...aliases].find((n) => n.length > MAX_NAME_LENGTH);
  if (tooLong !== undefined) return `Names are at most ${MAX_NAME_LENGTH} characters.`;
  if (aliases.length > MAX_ALIASES) return `At most ${MAX_ALIASES} aliases.`;
  return { key, aliases, typeclass };
}

/** `a = b` → ['a', 'b'] trimmed (b may be empty), or [args, null] without an `=`. */
export function splitEquals(args: string): [string, string | null] {
  const at = args.indexOf('=');
  if (at === -1) return [args.trim(), null];
  return [args.slice(0, at).trim(), args.slice(at + 1).trim()];
}
