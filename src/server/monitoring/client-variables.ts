/**
 * The values a MUD client may read and watch about its player (REFERENCE.md §10): what
 * `get_value` (GMCP `Char.Value.Get`) answers, what `monitor` (GMCP `Char.Monitor.Update`) and
 * MSDP `REPORT` may watch, and what MSDP `SEND` sends. Each variable has a client name (GMCP,
 * lower case: `hp`) and an MSDP name (upper case: `HEALTH`).
 *
 * Only variables listed here can be read: an object's attributes are not all for its player's
 * eyes (a hidden curse, a builder's notes), so a game declares the ones that are — as Evennia
 * lets `monitor` watch only its `_monitorable` names. The defaults:
 *
 *   name        CHARACTER_NAME  the puppet's key (out of character: the account's name)  watched
 *   location    ROOM_NAME       the key of the room the puppet stands in                  watched
 *   desc        DESC            the puppet's `desc` attribute                             watched
 *   account     ACCOUNT_NAME    the account's name
 *   servername  SERVER_ID       settings `serverName`
 *   sessid      SESSION_ID      the session's id
 *
 * A game adds its own in game.ts: `game.clientVariables.attribute('hp', { msdp: 'HEALTH' })`.
 */
import type { DefaultObject } from '../objects/object.ts';
import type { ServerSession } from '../sessions/server-session.ts';

/** What a variable is read from. */
export interface VariableContext {
  session: ServerSession;
  /** The session's puppet, or null out of character. */
  puppet: DefaultObject | null;
}

/** An attribute of the puppet: its name, or `[name, category]`. */
export type AttributeRef = string | readonly [name: string, category: string];

export interface ClientVariableSpec {
  /** The client's name for it (GMCP, get_value, monitor): letters, digits and `_`. */
  name: string;
  /** Its MSDP name; the name in upper case when not given. */
  msdp?: string;
  /** Its value now: anything JSON can carry (null when there is none). */
  read(context: VariableContext): unknown;
  /**
   * What changes it — attributes of the puppet, and/or the puppet's own fields (key, location).
   * A variable that watches nothing is read on request only and cannot be monitored.
   */
  watch?: { attributes?: readonly AttributeRef[]; fields?: boolean };
}

export interface ClientVariable {
  readonly name: string;
  readonly msdp: string;
  read(context: VariableContext): unknown;
  /** What wakes its monitors: `fields`, or `attr:<category>\0<name>` (see `watchKey`). */
  readonly watchKeys: readonly string[];
}

/** The key a change is filed under: an attribute's, or the object's fields (`null`). */
export function watchKey(attribute: { name: string; category: string } | null): string {
  return attribute === null ? 'fields' : `attr:${attribute.category}\u0000${attribute.name}`;
}

/** Largest value sent (characters of JSON): client variables are gauges and names, not books. */
export const MAX_VARIABLE_VALUE_CHARS = 8000;

export type ReadResult =
  { ok: true; json: string; value: unknown } | { ok: false; error: string; cause?: unknown };

/**
 * A variable's value as a client gets it: a JSON copy (what the link carries, and what monitors
 * compare as text). The game's `read` throwing, or a value too large, is an error to report.
 */
export function readVariable(variable: ClientVariable, context: VariableContext): ReadResult {
  let json: string;
  try {
    json = JSON.stringify(variable.read(context) ?? null) ?? 'null';
  } catch (cause) {
    return { ok: false, error: 'could not be read', cause };
  }
  if (json.length > MAX_VARIABLE_VALUE_CHARS) {
    return { ok: false, error: `over ${MAX_VARIABLE_VALUE_CHARS} characters` };
  }
  return { ok: true, json, value: JSON.parse(json) as unknown };
}

const CLIENT_NAME = /^[a-z][a-z0-9_]{0,39}$/;
const MSDP_NAME = /^[A-Z][A-Z0-9_]{0,39}$/;

export class ClientVariables {
  readonly #byName = new Map<string, ClientVariable>();
  readonly #byMsdp = new Map<string, ClientVariable>();

  /** Starts with the defaults listed at the top of this file; `serverName` is settings'. */
  constructor(serverName: string) {
    this.add({
      name: 'name',
      msdp: 'CHARACTER_NAME',
      read: ({ session, puppet }) => puppet?.key ?? session.account?.name ?? session.uname,
      watch: { fields: true },
    });
    this.add({
      name: 'location',
      msdp: 'ROOM_NAME',
      read: ({ puppet }) => puppet?.location?.key ?? null,
      watch: { fields: true },
    });
    this.attribute('desc');
    this.add({
      name: 'account',
      msdp: 'ACCOUNT_NAME',
      read: ({ session }) => session.account?.name ?? session.uname,
    });
    this.add({ name: 'servername', msdp: 'SERVER_ID', read: () => serverName });
    this.add({ name: 'sessid', msdp: 'SESSION_ID', read: ({ session }) => session.sessid });
  }

  /**
   * Declare a variable (or replace one of the same name). Names are checked here, so a game
   * with a bad one fails at start, not when a client asks.
   */
  add(spec: ClientVariableSpec): this {
    const name = spec.name.toLowerCase();
    const msdp = (spec.msdp ?? spec.name).toUpperCase();
    if (!CLIENT_NAME.test(name)) throw new Error(`client variable name '${spec.name}' is invalid`);
    if (!MSDP_NAME.test(msdp)) throw new Error(`MSDP variable name '${msdp}' is invalid`);
    const taken = this.#byMsdp.get(msdp);
    if (taken !== undefined && taken.name !== name) {
      throw new Error(`MSDP variable ${msdp} is already '${taken.name}'`);
    }
    const old = this.#byName.get(name);
    if (old !== undefined) this.#byMsdp.delete(old.msdp);
    const keys = (spec.watch?.attributes ?? []).map((ref) =>
      typeof ref === 'string'
        ? watchKey({ name: ref, category: '' })
        : watchKey({ name: ref[0], category: ref[1] }),
    );
    if (spec.watch?.fields === true) keys.push(watchKey(null));
    const variable: ClientVariable = {
      name,
      msdp,
      read: (context) => spec.read(context),
      watchKeys: [...new Set(keys)],
    };
    this.#byName.set(name, variable);
    this.#byMsdp.set(msdp, variable);
    return this;
  }

  /**
   * Declare an attribute of the puppet as a variable: `attribute('hp', { msdp: 'HEALTH' })`;
   * `attribute` and `category` name the stored attribute when it differs from the client name.
   */
  attribute(
    name: string,
    options: { msdp?: string; attribute?: string; category?: string } = {},
  ): this {
    const attr = options.attribute ?? name;
    const category = options.category ?? '';
    return this.add({
      name,
      ...(options.msdp === undefined ? {} : { msdp: options.msdp }),
      read: ({ puppet }) => puppet?.attributes.get(attr, category) ?? null,
      watch: { attributes: [[attr, category]] },
    });
  }

  /** By client name (any case). */
  get(name: string): ClientVariable | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  /** By MSDP name (any case). */
  byMsdp(name: string): ClientVariable | undefined {
    return this.#byMsdp.get(name.toUpperCase());
  }

  all(): ClientVariable[] {
    return [...this.#byName.values()];
  }

  /** The variables a client may watch (they say what changes them). */
  watchable(): ClientVariable[] {
    return this.all().filter((v) => v.watchKeys.length > 0);
  }
}
