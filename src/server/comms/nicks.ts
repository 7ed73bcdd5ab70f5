/**
 * Nicks (Evennia's NickHandler): a player's own replacements for what they type. Kept as
 * attributes in the category `nick` — on the character (the default: each character its own)
 * or on the account (`nick/account`, and any nick made out of character: they apply whichever
 * character is played, and out of character). So they last across reloads and restarts like
 * any attribute, and go with their owner.
 *
 *   inputline   applied to every line typed, before the command handler (the `text`
 *               inputfunc's "nick substitution", REFERENCE.md §10)
 *   object      applied to what is searched for (`look mycar` finds "the red sports car")
 *
 * One pass per line: the first nick that matches wins — the character's before the account's,
 * and within each the longer pattern first (so `l $1` is tried before `l`). A line that starts
 * with the nick command itself is never changed, so a bad nick can always be removed. Bounded:
 * `maxPerOwner` nicks per character or account, `maxLength` characters per pattern and
 * replacement. Templates are in nick-template.ts.
 */
import { WaystoneError } from '../../shared/errors.ts';
import { accountRef } from '../storage/entity-ref.ts';
import type { AttributeValue, Storage } from '../storage/types.ts';
import { applyNick, compileNick, type NickTemplate } from './nick-template.ts';

export const NICK_KINDS = ['inputline', 'object'] as const;
export type NickKind = (typeof NICK_KINDS)[number];

export interface Nick {
  readonly kind: NickKind;
  readonly pattern: string;
  readonly replacement: string;
  /** Where it is kept. */
  readonly owner: 'character' | 'account';
}

/** A character as nicks need it: its attributes (DefaultObject fits). */
export interface NickCharacter {
  readonly attributes: {
    all(category?: string): Array<{ name: string; category: string; value: AttributeValue }>;
    set(name: string, value: AttributeValue, category?: string): void;
    delete(name: string, category?: string): boolean;
  };
}

export type NickOwner = { kind: 'character'; obj: NickCharacter } | { kind: 'account'; id: number };

export const NICK_CATEGORY = 'nick';
/** First words of the nick command: lines starting with them are never substituted. */
const NICK_COMMANDS = new Set(['nick', 'nicks', 'nickname', '@nick', '@nicks']);
const TEMPLATES_KEPT = 2000;
const ACCOUNTS_KEPT = 10_000;

export interface NicksOptions {
  storage: Storage;
  maxPerOwner: number;
  maxLength: number;
}

export class Nicks {
  readonly #opts: NicksOptions;
  readonly #templates = new Map<string, NickTemplate>();
  /** Account nicks, loaded on first use (a line typed, a nick command). */
  readonly #accounts = new Map<number, Nick[]>();

  constructor(opts: NicksOptions) {
    this.#opts = opts;
  }

  get maxPerOwner(): number {
    return this.#opts.maxPerOwner;
  }

  // ---- reading ---------------------------------------------------------------------------

  ofCharacter(obj: NickCharacter): Nick[] {
    return obj.attributes
      .all(NICK_CATEGORY)
      .map((a) => toNick(a.value, 'character'))
      .filter((n): n is Nick => n !== null);
  }

  async ofAccount(accountId: number): Promise<Nick[]> {
    const kept = this.#accounts.get(accountId);
    if (kept !== undefined) return kept;
    const rows = await this.#opts.storage.attributes.listFor(accountRef(accountId));
    const nicks = rows
      .filter((r) => r.category === NICK_CATEGORY)
      .map((r) => toNick(r.value, 'account'))
      .filter((n): n is Nick => n !== null);
    this.#keep(accountId, nicks);
    return nicks;
  }

  /** Forget an account's nicks (it logged out): they are read again when next needed. */
  forget(accountId: number): void {
    this.#accounts.delete(accountId);
  }

  // ---- substituting ----------------------------------------------------------------------

  /** A typed line with the caller's inputline nicks applied (unchanged when none matches). */
  async inputLine(
    accountId: number | null,
    puppet: NickCharacter | null,
    line: string,
  ): Promise<string> {
    const first = line.trimStart().split(/[\s/]/, 1)[0]?.toLowerCase() ?? '';
    if (first === '' || NICK_COMMANDS.has(first)) return line;
    const nicks = [
      ...(puppet === null ? [] : byLength(this.ofCharacter(puppet))),
      ...(accountId === null ? [] : byLength(await this.ofAccount(accountId))),
    ];
    return this.#apply(nicks, 'inputline', line) ?? line;
  }

  /**
   * What an object search looks for, with the caller's object nicks applied: the character's,
   * and its account's when they were loaded (by a line it typed).
   */
  objectQuery(puppet: NickCharacter, accountId: number | null, query: string): string {
    const nicks = [
      ...byLength(this.ofCharacter(puppet)),
      ...(accountId === null ? [] : byLength(this.#accounts.get(accountId) ?? [])),
    ];
    return this.#apply(nicks, 'object', query) ?? query;
  }

  #apply(nicks: readonly Nick[], kind: NickKind, text: string): string | null {
    for (const nick of nicks) {
      if (nick.kind !== kind) continue;
      const out = applyNick(this.#template(nick), text);
      if (out !== null) return out;
    }
    return null;
  }

  #template(nick: Nick): NickTemplate {
    const key = `${nick.pattern}\u0000${nick.replacement}`;
    let template = this.#templates.get(key);
    if (template === undefined) {
      template = compileNick(nick.pattern, nick.replacement);
      if (this.#templates.size >= TEMPLATES_KEPT) {
        const oldest = this.#templates.keys().next();
        if (oldest.done !== true) this.#templates.delete(oldest.value);
      }
      this.#templates.set(key, template);
    }
    return template;
  }

  // ---- changing --------------------------------------------------------------------------

  /**
   * Add a nick, or change the replacement of one with the same kind and pattern (any case);
   * resolves with the nick it replaced. NICK_INVALID (nothing changed) for a malformed or too
   * long nick, or one too many. A character's nick is saved with the command's other changes;
   * an account's is committed before this resolves.
   */
  async add(
    owner: NickOwner,
    kind: NickKind,
    pattern: string,
    replacement: string,
  ): Promise<Nick | null> {
    const { maxLength, maxPerOwner } = this.#opts;
    if (pattern.trim().length > maxLength || replacement.trim().length > maxLength)
      throw new WaystoneError(
        'NICK_INVALID',
        `A nick and its replacement are at most ${maxLength} characters each.`,
      );
    const template = compileNick(pattern, replacement);
    const existing = await this.list(owner);
    const previous = existing.find((n) => sameNick(n, kind, template.pattern)) ?? null;
    if (previous === null && existing.length >= maxPerOwner)
      throw new WaystoneError(
        'NICK_INVALID',
        `You have ${existing.length} nicks here, the most allowed; remove one first (nick/delete).`,
      );
    const value = { kind, pattern: template.pattern, replacement: template.replacement };
    const name = attributeName(kind, template.pattern);
    if (owner.kind === 'character') {
      owner.obj.attributes.set(name, value, NICK_CATEGORY);
    } else {
      await this.#commit(owner.id, (uow) =>
        uow.setAttribute(accountRef(owner.id), name, value, NICK_CATEGORY),
      );
      const kept = existing.filter((n) => n !== previous);
      this.#keep(owner.id, [...kept, { ...value, owner: 'account' }]);
    }
    return previous;
  }

  /** Remove a nick; false when the owner has none of that kind and pattern. */
  async remove(owner: NickOwner, kind: NickKind, pattern: string): Promise<boolean> {
    const existing = await this.list(owner);
    const found = existing.find((n) => sameNick(n, kind, pattern.trim()));
    if (found === undefined) return false;
    const name = attributeName(found.kind, found.pattern);
    if (owner.kind === 'character') {
      owner.obj.attributes.delete(name, NICK_CATEGORY);
    } else {
      await this.#commit(owner.id, (uow) =>
        uow.deleteAttribute(accountRef(owner.id), name, NICK_CATEGORY),
      );
      this.#keep(
        owner.id,
        existing.filter((n) => n !== found),
      );
    }
    return true;
  }

  list(owner: NickOwner): Promise<Nick[]> {
    return owner.kind === 'character'
      ? Promise.resolve(this.ofCharacter(owner.obj))
      : this.ofAccount(owner.id);
  }

  async #commit(
    _accountId: number,
    queue: (uow: ReturnType<Storage['unitOfWork']>) => void,
  ): Promise<void> {
    const uow = this.#opts.storage.unitOfWork();
    queue(uow);
    await uow.commit();
  }

  #keep(accountId: number, nicks: Nick[]): void {
    this.#accounts.delete(accountId);
    if (this.#accounts.size >= ACCOUNTS_KEPT) {
      const oldest = this.#accounts.keys().next();
      if (oldest.done !== true) this.#accounts.delete(oldest.value);
    }
    this.#accounts.set(accountId, nicks);
  }
}

function attributeName(kind: NickKind, pattern: string): string {
  return `${kind}:${pattern.toLowerCase()}`;
}

function sameNick(nick: Nick, kind: NickKind, pattern: string): boolean {
  return nick.kind === kind && nick.pattern.toLowerCase() === pattern.toLowerCase();
}

/** Longest pattern first: the more particular nick is tried before the one it contains. */
function byLength(nicks: readonly Nick[]): Nick[] {
  return [...nicks].sort((a, b) => b.pattern.length - a.pattern.length);
}

/** A stored nick, or null for a value that is not one (left alone, not fatal). */
function toNick(value: AttributeValue, owner: Nick['owner']): Nick | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date)
    return null;
  const { kind, pattern, replacement } = value as Record<string, AttributeValue>;
  if (!(NICK_KINDS as readonly unknown[]).includes(kind)) return null;
  if (typeof pattern !== 'string' || typeof replacement !== 'string') return null;
  try {
    compileNick(pattern, replacement);
  } catch {
    return null;
  }
  return { kind: kind as NickKind, pattern, replacement, owner };
}
