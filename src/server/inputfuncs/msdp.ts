/**
 * MSDP's own commands (https://tintin.mudhalla.net/protocols/msdp/), which the Portal hands over
 * as inputfuncs `msdp_list`, `msdp_report`, `msdp_unreport`, `msdp_send` and `msdp_reset` with
 * the variable names as args. Answers go out as the `msdp` outputfunc (shared/msdp-output.ts),
 * which an MSDP client reads as plain `VAR name VAL value` pairs. The variables are the client
 * variables (monitoring/client-variables.ts) under their MSDP names; a REPORT is a monitor
 * (monitoring/monitor-handler.ts) that reports in MSDP.
 *
 *   LIST COMMANDS              → COMMANDS [LIST, REPORT, RESET, SEND, UNREPORT]
 *   LIST LISTS                 → LISTS [COMMANDS, LISTS, REPORTABLE_VARIABLES, …]
 *   LIST REPORTABLE_VARIABLES  → the variables that say what changes them
 *   LIST SENDABLE_VARIABLES    → every variable
 *   LIST REPORTED_VARIABLES    → what this session reports
 *   REPORT HEALTH ROOM_NAME    → HEALTH 7 ROOM_NAME Limbo now, then each on change
 *   UNREPORT HEALTH            → stops it
 *   SEND HEALTH                → HEALTH 7, once
 *   RESET REPORTED_VARIABLES   → stops every REPORT (any argument, or none, does the same)
 *
 * Names MSDP clients send blindly and this game does not have (MANA on a game without mana)
 * are ignored, as the protocol expects.
 */
import { MSDP_OUTPUTFUNC } from '../../shared/msdp-output.ts';
import type { ClientVariable, ClientVariables } from '../monitoring/client-variables.ts';
import type { MonitorHandler } from '../monitoring/monitor-handler.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import type { InputCall, InputFuncRegistry } from './registry.ts';

export const MSDP_COMMAND_NAMES = ['LIST', 'REPORT', 'RESET', 'SEND', 'UNREPORT'] as const;
export const MSDP_LISTS = [
  'COMMANDS',
  'LISTS',
  'REPORTABLE_VARIABLES',
  'REPORTED_VARIABLES',
  'SENDABLE_VARIABLES',
] as const;
/** Most names one command is read for (a client sending thousands gets the first ones). */
const MAX_NAMES = 64;

/** The names a command was given (`REPORT HEALTH` or `REPORT [HEALTH, MANA]`), upper case. */
export function msdpNames({ args }: Pick<InputCall, 'args'>): string[] {
  const names: string[] = [];
  for (const arg of args.flat()) {
    if (typeof arg === 'string' && arg.trim() !== '') names.push(arg.trim().toUpperCase());
    if (names.length >= MAX_NAMES) break;
  }
  return names;
}

export function registerMsdpInputFuncs(
  registry: InputFuncRegistry,
  monitors: MonitorHandler,
  variables: ClientVariables,
): void {
  const known = (call: InputCall): ClientVariable[] =>
    msdpNames(call)
      .map((name) => variables.byMsdp(name))
      .filter((v): v is ClientVariable => v !== undefined);
  const reply = (session: ServerSession, values: Record<string, unknown>): void => {
    if (Object.keys(values).length > 0) session.send([[MSDP_OUTPUTFUNC, [], values]]);
  };

  registry.register('msdp_list', (call) => {
    const { session } = call;
    const lists: Record<string, () => string[]> = {
      COMMANDS: () => [...MSDP_COMMAND_NAMES],
      LISTS: () => [...MSDP_LISTS],
      REPORTABLE_VARIABLES: () => variables.watchable().map((v) => v.msdp),
      REPORTED_VARIABLES: () => monitors.watched(session, 'msdp').map((v) => v.msdp),
      SENDABLE_VARIABLES: () => variables.all().map((v) => v.msdp),
    };
    const values: Record<string, unknown> = {};
    for (const name of msdpNames(call)) {
      const list = lists[name];
      if (list !== undefined) values[name] = list();
    }
    reply(session, values);
  });

  registry.register('msdp_report', (call) => {
    const values: Record<string, unknown> = {};
    for (const variable of known(call)) {
      const result = monitors.add(call.session, variable, 'msdp');
      if (result.ok) values[variable.msdp] = result.value;
    }
    reply(call.session, values);
  });

  registry.register('msdp_unreport', (call) => {
    for (const variable of known(call)) monitors.remove(call.session, variable.name, 'msdp');
  });

  registry.register('msdp_send', (call) => {
    const values: Record<string, unknown> = {};
    for (const variable of known(call)) {
      values[variable.msdp] = monitors.valueOf(call.session, variable);
    }
    reply(call.session, values);
  });

  registry.register('msdp_reset', ({ session }) => {
    monitors.clear(session, 'msdp');
  });
}
