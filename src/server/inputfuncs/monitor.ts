/**
 * `monitor` / `unmonitor` / `monitored` (REFERENCE.md §10; GMCP `Char.Monitor.Update` ↔
 * `monitor`): a session watches a variable of its player (monitoring/client-variables.ts) and
 * is sent every new value (monitoring/monitor-handler.ts has the rules). A client may ask before
 * it logs in: values are null until there is an account and a character, then they are sent.
 *
 *   ["monitor", [], {"name": "hp"}]                → ["monitor", [], {"name": "hp", "value": 7}]
 *                                                    at once, then on every change
 *   ["monitor", [], {"name": "hp", "stop": true}]  or ["unmonitor", [], {"name": "hp"}]: stop
 *   ["monitored", [], {}]                          → ["monitored", ["hp", "location"], {}]
 *
 * A name nobody declared, one that cannot change, or one past the per-session limit gets
 * `["monitor", [], {"name": …, "error": …}]`.
 */
import type { ClientVariables } from '../monitoring/client-variables.ts';
import type { MonitorHandler } from '../monitoring/monitor-handler.ts';
import type { InputCall, InputFuncRegistry } from './registry.ts';

/** The name asked for: `kwargs.name`, else the first arg; '' when there is none. */
export function requestedName({ args, kwargs }: Pick<InputCall, 'args' | 'kwargs'>): string {
  const name = kwargs['name'] ?? args[0];
  return typeof name === 'string' ? name.trim().slice(0, 64).toLowerCase() : '';
}

function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

export function registerMonitorInputFuncs(
  registry: InputFuncRegistry,
  monitors: MonitorHandler,
  variables: ClientVariables,
): void {
  registry.register('monitor', (call) => {
    const { session, kwargs } = call;
    const name = requestedName(call);
    if (isTrue(kwargs['stop'])) {
      monitors.remove(session, name, 'monitor');
      return;
    }
    const refuse = (error: string): void => session.send([['monitor', [], { name, error }]]);
    const variable = variables.get(name);
    if (variable === undefined) return refuse('unknown value');
    const result = monitors.add(session, variable, 'monitor');
    if (!result.ok) return refuse(result.error);
    session.send([['monitor', [], { name: variable.name, value: result.value }]]);
  });

  registry.register('unmonitor', (call) => {
    monitors.remove(call.session, requestedName(call), 'monitor');
  });

  registry.register('monitored', ({ session }) => {
    session.send([['monitored', monitors.watched(session, 'monitor').map((v) => v.name), {}]]);
  });
}
