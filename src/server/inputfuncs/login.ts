/**
 * OOB login and values (REFERENCE.md §10): `login` lets a client log in without typing
 * (`["login", [], {"name": ..., "password": ...}]`), with the same throttles, bans and messages
 * as the `connect` command; `get_value` (GMCP Char.Value.Get) answers a client variable
 * (monitoring/client-variables.ts): `["get_value", [], {"name": "location"}]` →
 * `["get_value", [], {"name": "location", "value": "Limbo"}]` — the puppet's name and location,
 * `servername`, and what the game declared; any other name gets `{"name": …, "error": …}`.
 */
import type { LoginService } from '../login/login-service.ts';
import { readVariable, type ClientVariables } from '../monitoring/client-variables.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import { requestedName } from './monitor.ts';
import type { InputFuncRegistry } from './registry.ts';

export interface LoginInputDeps {
  login: LoginService;
  variables: ClientVariables;
  /** The session's puppet, or null. */
  puppetOf: (session: ServerSession) => DefaultObject | null;
}

export function registerLoginInputFuncs(registry: InputFuncRegistry, deps: LoginInputDeps): void {
  registry.register('login', async ({ session, args, kwargs }) => {
    const name =
      typeof kwargs['name'] === 'string'
        ? kwargs['name']
        : typeof args[0] === 'string'
          ? args[0]
          : '';
    const password =
      typeof kwargs['password'] === 'string'
        ? kwargs['password']
        : typeof args[1] === 'string'
          ? args[1]
          : '';
    if (name === '' || password === '') {
      session.msg('login: needs a name and a password.');
      return;
    }
    await deps.login.connect(session, name, password);
  });

  registry.register('get_value', (call) => {
    const { session } = call;
    const name = requestedName(call);
    const variable = deps.variables.get(name);
    if (variable === undefined) {
      session.send([['get_value', [], { name, error: 'unknown value' }]]);
      return;
    }
    const result = readVariable(variable, { session, puppet: deps.puppetOf(session) });
    if (!result.ok) {
      // The game's read failed: the dispatcher logs it and tells the player, as for a command.
      if (result.cause !== undefined) throw result.cause;
      session.send([['get_value', [], { name, error: result.error }]]);
      return;
    }
    session.send([['get_value', [], { name: variable.name, value: result.value }]]);
  });
}
