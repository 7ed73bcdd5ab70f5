/**
 * A load-test profile: what a simulated player types and which reply text ends each step, so
 * the load tester can drive Waystone or any other line-based MUD server. It is a JSON file
 * (see profiles/waystone.json, and the README's "Load-test your own game"):
 *
 *   greeting   text that ends the connection screen (or {"prompt": true}, or null for none)
 *   login      create (optional) and connect: steps run in order; `throttled` lists text a
 *              game sends when it refuses a login for rate reasons, `failed` for other refusals
 *   actions    named steps: `send` a line, wait for `expect`
 *   players    player kinds (idler, looker…): a weight in the mix and weights over actions
 *   deliveries text counted in everything a player receives (e.g. ` says, "`): one per line
 *              another player's action delivered to it
 *   choices    word lists for `{placeholders}` in sends (`go {exit}` picks one exit at random)
 *
 * `expect` is a string, a list of strings (any one ends the step), or {"prompt": true} for the
 * telnet GA/EOR prompt mark; `fail` lists text that ends a step as an error. Sends may use {name}, {password}, {n} (player number), {seq}
 * (the player's action count) and any `choices` key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../shared/entrypoints.ts';
import { z } from 'zod';

const expectSchema = z.union([
  z.string().min(1),
  z.array(z.string().min(1)).min(1),
  z.object({ prompt: z.literal(true) }).strict(),
]);

const stepSchema = z
  .object({
    send: z.string().max(4000),
    expect: expectSchema,
    /** Text that ends the step as a failure (counted as an error, not a latency). */
    fail: z.array(z.string().min(1)).optional(),
    timeoutMs: z.number().int().positive().max(600_000).optional(),
  })
  .strict();

const playerSchema = z
  .object({
    weight: z.number().min(0),
    description: z.string().optional(),
    actions: z.record(z.string(), z.number().min(0)),
  })
  .strict();

const profileSchema = z
  .object({
    name: z.string().min(1).max(100),
    description: z.string().optional(),
    greeting: z.union([expectSchema, z.null()]),
    websocket: z
      .object({ path: z.string().startsWith('/'), subprotocol: z.string().nullable() })
      .strict()
      .optional(),
    login: z
      .object({
        create: z.array(stepSchema).max(20).optional(),
        connect: z.array(stepSchema).max(20),
        throttled: z.array(z.string().min(1)).optional(),
        failed: z.array(z.string().min(1)).optional(),
      })
      .strict(),
    actions: z.record(z.string().regex(/^[\w-]+$/), stepSchema),
    players: z.record(z.string().regex(/^[\w-]+$/), playerSchema),
    deliveries: z.string().min(1).optional(),
    choices: z.record(z.string().regex(/^\w+$/), z.array(z.string()).min(1)).optional(),
    timeoutMs: z.number().int().positive().max(600_000).optional(),
  })
  .strict();

/** The profile for Waystone's default game, used when no --profile is given. */
// The source file: src/ ships with the package, and compiled code lies elsewhere (dist/).
export const WAYSTONE_PROFILE = join(PACKAGE_ROOT, 'src', 'loadtest', 'profiles', 'waystone.json');

export type ProfileFile = z.infer<typeof profileSchema>;
export type Expect = z.infer<typeof expectSchema>;

/** A step ready to run: its expectations as byte patterns or the prompt mark. */
export interface Step {
  send: string;
  /** Any of these texts ends the step; empty when `prompt` does. */
  expect: string[];
  prompt: boolean;
  /** Any of these texts ends the step as a failure. */
  fail: string[];
  timeoutMs: number;
}

export interface PlayerKind {
  name: string;
  weight: number;
  /** Action names and their cumulative weights, for a weighted pick. */
  actions: Array<{ action: string; upTo: number }>;
  totalWeight: number;
}

export interface Profile {
  name: string;
  description: string;
  greeting: Step | null;
  websocket: { path: string; subprotocol: string | null };
  create: Step[];
  connect: Step[];
  throttled: string[];
  failed: string[];
  actions: Map<string, Step>;
  players: Map<string, PlayerKind>;
  deliveries: string | null;
  choices: Map<string, string[]>;
}

export class ProfileError extends Error {
  readonly code = 'LOADTEST_PROFILE';
}

const DEFAULT_TIMEOUT_MS = 10_000;

function step(expect: Expect, send: string, timeoutMs: number, fail: string[] = []): Step {
  if (typeof expect === 'object' && !Array.isArray(expect))
    return { send, expect: [], prompt: true, fail, timeoutMs };
  return {
    send,
    expect: Array.isArray(expect) ? expect : [expect],
    prompt: false,
    fail,
    timeoutMs,
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 8)
    .map((i) => `  at ${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`)
    .join('\n');
}

/** Validate a parsed profile object; `source` names it in messages. */
export function parseProfile(raw: unknown, source: string): Profile {
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success)
    throw new ProfileError(`${source} is not a valid profile:\n${describeIssues(parsed.error)}`);
  const p = parsed.data;
  const timeout = p.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const toStep = (s: z.infer<typeof stepSchema>): Step =>
    step(s.expect, s.send, s.timeoutMs ?? timeout, s.fail);

  const choices = new Map(Object.entries(p.choices ?? {}));
  const placeholders = new Set(['name', 'password', 'n', 'seq', ...choices.keys()]);
  const checkSends = (where: string, send: string): void => {
    for (const m of send.matchAll(/\{(\w+)\}/g)) {
      if (!placeholders.has(m[1]!))
        throw new ProfileError(
          `${source}: ${where} uses {${m[1]}}, which is neither a built-in placeholder ` +
            `({name}, {password}, {n}, {seq}) nor a key of "choices"`,
        );
    }
  };

  const actions = new Map<string, Step>();
  for (const [name, s] of Object.entries(p.actions)) {
    checkSends(`action "${name}"`, s.send);
    actions.set(name, toStep(s));
  }
  p.login.connect.forEach((s, i) => checkSends(`login.connect[${i}]`, s.send));
  (p.login.create ?? []).forEach((s, i) => checkSends(`login.create[${i}]`, s.send));

  const players = new Map<string, PlayerKind>();
  for (const [name, kind] of Object.entries(p.players)) {
    let upTo = 0;
    const picks: PlayerKind['actions'] = [];
    for (const [action, weight] of Object.entries(kind.actions)) {
      if (!actions.has(action))
        throw new ProfileError(
          `${source}: player "${name}" uses action "${action}", which is not in "actions" ` +
            `(known: ${[...actions.keys()].join(', ') || 'none'})`,
        );
      if (weight === 0) continue;
      upTo += weight;
      picks.push({ action, upTo });
    }
    players.set(name, { name, weight: kind.weight, actions: picks, totalWeight: upTo });
  }
  if (players.size === 0) throw new ProfileError(`${source}: "players" needs at least one kind`);
  if (p.login.connect.length === 0 && p.login.create?.length)
    throw new ProfileError(`${source}: login.create is set but login.connect is empty`);

  return {
    name: p.name,
    description: p.description ?? '',
    greeting: p.greeting === null ? null : step(p.greeting, '', timeout),
    websocket: p.websocket ?? { path: '/ws', subprotocol: null },
    create: (p.login.create ?? []).map(toStep),
    connect: p.login.connect.map(toStep),
    throttled: p.login.throttled ?? [],
    failed: p.login.failed ?? [],
    actions,
    players,
    deliveries: p.deliveries ?? null,
    choices,
  };
}

/** Read and validate a profile file, with a clear message for each way it can be wrong. */
export function loadProfile(path: string): Profile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ProfileError(`cannot read profile ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ProfileError(`profile ${path} is not JSON: ${(err as Error).message}`);
  }
  return parseProfile(raw, `profile ${path}`);
}

/**
 * A player mix from `looker=3,talker=1` (weights override the profile's), checked against the
 * profile's kinds. Returns kinds with positive weight, each with its share of the total.
 */
export function parseMix(profile: Profile, spec: string | undefined): Map<string, number> {
  const weights = new Map<string, number>();
  for (const kind of profile.players.values()) weights.set(kind.name, kind.weight);
  if (spec !== undefined && spec.trim() !== '') {
    for (const k of weights.keys()) weights.set(k, 0);
    for (const part of spec.split(',')) {
      const m = /^\s*([\w-]+)\s*(?:=\s*([\d.]+))?\s*$/.exec(part);
      if (!m)
        throw new ProfileError(`--mix: cannot read "${part}" (write kind=weight,kind=weight)`);
      const name = m[1]!;
      if (!profile.players.has(name))
        throw new ProfileError(
          `--mix: no player kind "${name}" in profile ${profile.name} ` +
            `(it has ${[...profile.players.keys()].join(', ')})`,
        );
      const w = m[2] === undefined ? 1 : Number(m[2]);
      if (!Number.isFinite(w) || w < 0) throw new ProfileError(`--mix: bad weight in "${part}"`);
      weights.set(name, w);
    }
  }
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  if (total <= 0) throw new ProfileError('the player mix has no kind with a positive weight');
  const shares = new Map<string, number>();
  for (const [k, w] of weights) if (w > 0) shares.set(k, w / total);
  return shares;
}

/** Deal `count` players to kinds in proportion to their shares (largest remainder). */
export function assignKinds(shares: Map<string, number>, count: number): string[] {
  const entries = [...shares.entries()];
  const exact = entries.map(([k, s]) => ({ k, n: Math.floor(s * count), rest: s * count }));
  for (const e of exact) e.rest -= e.n;
  let left = count - exact.reduce((a, e) => a + e.n, 0);
  for (const e of [...exact].sort((a, b) => b.rest - a.rest)) {
    if (left <= 0) break;
    e.n++;
    left--;
  }
  // Interleave so the first players to connect are a fair sample of the mix.
  const out: string[] = [];
  const remaining = exact.map((e) => ({ ...e }));
  while (out.length < count) {
    for (const e of remaining) {
      if (e.n > 0 && out.length < count) {
        out.push(e.k);
        e.n--;
      }
    }
  }
  return out;
}

/** Fill {placeholders}; `pick` chooses from a choices list. */
export function fillPlaceholders(
  template: string,
  values: { name: string; password: string; n: number; seq: number },
  choices: Map<string, string[]>,
  pick: (list: string[]) => string,
): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    switch (key) {
      case 'name':
        return values.name;
      case 'password':
        return values.password;
      case 'n':
        return String(values.n);
      case 'seq':
        return String(values.seq);
      default: {
        const list = choices.get(key);
        return list ? pick(list) : whole;
      }
    }
  });
}
