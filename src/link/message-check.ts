/**
 * Checking a decoded message against the union for its direction, cheaply on the hot path.
 *
 * Nearly all link traffic is `input` (Portal → Server) and `output`/`outputShared`
 * (Server → Portal). A zod
 * parse of one costs several hundred nanoseconds (it walks the union and copies every level),
 * as much as decoding the JSON itself, so those two types get hand-written guards that accept
 * exactly what their schema accepts. Everything else, and anything a guard refuses, goes through
 * zod: a malformed `input` still gets zod's precise message ("invalid "input" message at
 * cmds.0.0: …"), only a well-formed one skips it.
 *
 * A guard builds a fresh message from the fields it checked, so unknown keys are dropped as zod
 * drops them; the nested calls are taken as they are (JSON.parse made them, nothing else holds
 * them).
 */
import type { z } from 'zod';
import type { FuncCall } from '../shared/session-data.ts';
import {
  launcherToPortalSchema,
  portalToLauncherSchema,
  portalToServerSchema,
  serverToPortalSchema,
  type LauncherToPortal,
  type PortalToLauncher,
  type PortalToServer,
  type ServerToPortal,
} from './messages.ts';

export type CheckResult<T> = { ok: true; message: T } | { ok: false; error: string };

/** Validates one raw message of a direction's union. */
export type MessageCheck<T> = (raw: unknown) => CheckResult<T>;

/** Mirrors `funcCallSchema`: [name (1–200 chars), args array, kwargs plain object]. */
function isFuncCall(value: unknown): value is FuncCall {
  if (!Array.isArray(value) || value.length !== 3) return false;
  const name: unknown = value[0];
  const kwargs: unknown = value[2];
  return (
    typeof name === 'string' &&
    name.length >= 1 &&
    name.length <= 200 &&
    Array.isArray(value[1]) &&
    typeof kwargs === 'object' &&
    kwargs !== null &&
    !Array.isArray(kwargs)
  );
}

function isCallList(value: unknown): value is FuncCall[] {
  if (!Array.isArray(value)) return false;
  for (const call of value) if (!isFuncCall(call)) return false;
  return true;
}

/** Mirrors the `sessid` schema: a positive safe integer. */
function isSessid(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** `{ t, sessid, cmds }` for `input` and `output`; null when zod must look. */
function sessionCalls<T extends 'input' | 'output'>(
  t: T,
  raw: Record<string, unknown>,
): { t: T; sessid: number; cmds: FuncCall[] } | null {
  const { sessid, cmds } = raw;
  if (!isSessid(sessid) || !isCallList(cmds)) return null;
  return { t, sessid, cmds };
}

/** `{ t: 'outputShared', sessids, cmds }`; null when zod must look. */
function sharedCalls(
  raw: Record<string, unknown>,
): { t: 'outputShared'; sessids: number[]; cmds: FuncCall[] } | null {
  const { sessids, cmds } = raw;
  if (!Array.isArray(sessids) || sessids.length === 0 || !isCallList(cmds)) return null;
  for (const sessid of sessids) if (!isSessid(sessid)) return null;
  return { t: 'outputShared', sessids: sessids as number[], cmds };
}

type Guard<T> = (raw: Record<string, unknown>) => T | null;

function withGuards<T>(
  schema: z.ZodType<T>,
  guards: Partial<Record<string, Guard<T>>>,
): MessageCheck<T> {
  return (raw) => {
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      const record = raw as Record<string, unknown>;
      const t = record['t'];
      const guard = typeof t === 'string' ? guards[t] : undefined;
      const message = guard === undefined ? null : guard(record);
      if (message !== null) return { ok: true, message };
    }
    const parsed = schema.safeParse(raw);
    return parsed.success
      ? { ok: true, message: parsed.data }
      : { ok: false, error: describeInvalid(raw, parsed.error) };
  };
}

/** Names the message type and the first problem, enough to find the sender's bug. */
function describeInvalid(raw: unknown, error: z.ZodError): string {
  const type =
    typeof raw === 'object' && raw !== null && 't' in raw
      ? JSON.stringify((raw as { t: unknown }).t)
      : 'untyped';
  const issue = error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
  return `invalid ${type} message${where}: ${issue?.message ?? 'does not match the schema'}`;
}

export const checkPortalToServer: MessageCheck<PortalToServer> = withGuards(portalToServerSchema, {
  input: (raw) => sessionCalls('input', raw),
});

export const checkServerToPortal: MessageCheck<ServerToPortal> = withGuards(serverToPortalSchema, {
  output: (raw) => sessionCalls('output', raw),
  outputShared: sharedCalls,
});

export const checkLauncherToPortal: MessageCheck<LauncherToPortal> = withGuards(
  launcherToPortalSchema,
  {},
);

export const checkPortalToLauncher: MessageCheck<PortalToLauncher> = withGuards(
  portalToLauncherSchema,
  {},
);
