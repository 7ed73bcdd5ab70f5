/**
 * A player's place in a menu, as kept in the session's `serverData` (which the Portal holds
 * over a reload): the menu's registered name, the node, the menu's JSON state and the line that
 * led to the node. Nothing else about a running menu lives anywhere: after a reload the menu is
 * rebuilt from this record and the registered nodes.
 *
 * The record came over the link, possibly from an older Server: it is checked on every read,
 * and a malformed one reads as "no menu". Its size is bounded (the state to 16 KiB, the line to
 * 1000 characters), since it travels with every session sync.
 */
import { WaystoneError } from '../../shared/errors.ts';

/** The `serverData` key of the record. */
export const MENU_KEY = 'menu';
/** Longest a menu's state may be, as JSON. */
export const MAX_MENU_STATE_CHARS = 16 * 1024;
/** How much of the line that led to a node is kept (to show the node again). */
export const MAX_MENU_INPUT_CHARS = 1000;
/** How deep a state may nest (a bound for the check, far above any real menu's needs). */
const MAX_STATE_DEPTH = 32;

export interface MenuRecord {
  readonly name: string;
  readonly node: string;
  readonly state: Record<string, unknown>;
  readonly input: string;
  /**
   * Which start of a menu this is: a goto that starts another menu (or the same one afresh)
   * replaces the record, and the step that called it stops there.
   */
  readonly run: string;
}

export function readMenuRecord(serverData: Record<string, unknown>): MenuRecord | null {
  const raw = serverData[MENU_KEY];
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (
    typeof r['name'] !== 'string' ||
    typeof r['node'] !== 'string' ||
    typeof r['input'] !== 'string' ||
    typeof r['run'] !== 'string' ||
    !isPlainObject(r['state'])
  ) {
    return null;
  }
  return {
    name: r['name'],
    node: r['node'],
    state: r['state'],
    input: r['input'],
    run: r['run'],
  };
}

export function writeMenuRecord(serverData: Record<string, unknown>, record: MenuRecord): void {
  serverData[MENU_KEY] = {
    name: record.name,
    node: record.node,
    state: record.state,
    input: record.input.slice(0, MAX_MENU_INPUT_CHARS),
    run: record.run,
  };
}

export function clearMenuRecord(serverData: Record<string, unknown>): void {
  delete serverData[MENU_KEY];
}

/**
 * A copy of `state` that is plain JSON and small enough to keep; MENU_STATE_INVALID (naming
 * the menu) when it is not an object of JSON values, or too large.
 */
export function plainState(state: unknown, menu: string): Record<string, unknown> {
  if (!isPlainObject(state) || !isJson(state, 0)) {
    throw new WaystoneError(
      'MENU_STATE_INVALID',
      `Menu '${menu}': its state must be a plain object of JSON values (no functions, class instances, cycles or non-finite numbers).`,
    );
  }
  const json = JSON.stringify(state);
  if (json.length > MAX_MENU_STATE_CHARS) {
    throw new WaystoneError(
      'MENU_STATE_INVALID',
      `Menu '${menu}': its state is ${json.length} characters as JSON, over the ${MAX_MENU_STATE_CHARS} a menu may keep.`,
    );
  }
  return JSON.parse(json) as Record<string, unknown>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isJson(value: unknown, depth: number): boolean {
  if (depth > MAX_STATE_DEPTH) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJson(v, depth + 1));
  if (!isPlainObject(value)) return false;
  // An undefined field is fine (`state.name = undefined`): JSON leaves it out.
  return Object.values(value).every((v) => v === undefined || isJson(v, depth + 1));
}
