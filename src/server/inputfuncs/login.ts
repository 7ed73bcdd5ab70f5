/**
 * OOB login and values (REFERENCE.md §10): `login` lets a client log in without typing
 * (`["login", [], {"name": ..., "password": ...}]`), with the same throttles, bans and messages
 * as the `connect` command; `get_value` answers a few simple values (GMCP Char.Value.Get).
 */
import type { LoginService } from '../login/login-service.ts';
import type { InputFuncRegistry } from './registry.ts';

export interface LoginInputDeps {
  login: LoginService;
  serverName: string;
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

  registry.register('get_value', ({ session, args, kwargs }) => {
    const which = String(kwargs['name'] ?? args[0] ?? '').toLowerCase();
    const values: Record<string, string | number | null> = {
      servername: deps.serverName,
      name: session.uname,
      sessid: session.sessid,
      // Characters and rooms arrive with the puppeting layer; until then there is none.
      location: null,
    };
    if (!(which in values)) {
      session.send([['get_value', [], { name: which, error: 'unknown value' }]]);
      return;
    }
    session.send([['get_value', [], { name: which, value: values[which] ?? null }]]);
  });
}
