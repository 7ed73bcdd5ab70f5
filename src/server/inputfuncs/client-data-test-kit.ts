/**
 * Test-only: the client-data inputfuncs (get_value, monitor, MSDP) on one registry, with a
 * session that records what it is sent and a puppet made of a real AttributeHandler (so its
 * change hook is the real one). Nothing outside tests imports this.
 */
import pino from 'pino';
import { newSessionSync, type FuncCall } from '../../shared/session-data.ts';
import type { LoginService } from '../login/login-service.ts';
import { ClientVariables } from '../monitoring/client-variables.ts';
import { MonitorHandler } from '../monitoring/monitor-handler.ts';
import { AttributeHandler } from '../objects/attribute-handler.ts';
import type { DefaultObject } from '../objects/object.ts';
import { ServerSession } from '../sessions/server-session.ts';
import { objectRef } from '../storage/entity-ref.ts';
import { registerLoginInputFuncs } from './login.ts';
import { registerMonitorInputFuncs } from './monitor.ts';
import { registerMsdpInputFuncs } from './msdp.ts';
import { InputFuncRegistry } from './registry.ts';

export function clientDataKit() {
  const sent: FuncCall[] = [];
  const session = new ServerSession(newSessionSync(1, 'telnet', '127.0.0.1', 0), {
    sendTo: (_s, cmds) => sent.push(...cmds),
    disconnect: () => undefined,
    sync: () => undefined,
  });
  session.loggedIn = true;
  session.uname = 'ann';
  const attributes = new AttributeHandler({ ref: objectRef(5), isDeleted: false }, [], {
    markDirty: () => undefined,
  });
  const room = { key: 'Limbo' };
  const character = { id: 5, key: 'Ann', location: room, attributes } as unknown as DefaultObject;
  let puppet: DefaultObject | null = character;
  const variables = new ClientVariables('Testgame').attribute('hp', { msdp: 'HEALTH' });
  const pending: Array<() => void> = [];
  const monitors = new MonitorHandler({
    variables,
    puppetOf: () => puppet,
    sync: () => undefined,
    log: pino({ level: 'silent' }),
    schedule: (fn) => void pending.push(fn),
  });
  const registry = new InputFuncRegistry();
  registerLoginInputFuncs(registry, {
    login: {} as LoginService,
    variables,
    puppetOf: () => puppet,
  });
  registerMonitorInputFuncs(registry, monitors, variables);
  registerMsdpInputFuncs(registry, monitors, variables);
  return {
    session,
    character,
    room,
    monitors,
    /** Call an inputfunc; resolves with what the session was sent by it. */
    call: async (name: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}) => {
      sent.length = 0;
      await registry.resolve(name)!({ session, name, args, kwargs });
      return sent.splice(0);
    },
    /** Let scheduled monitor updates go; resolves with what they sent. */
    flush: () => {
      sent.length = 0;
      for (const fn of pending.splice(0)) fn();
      return sent.splice(0);
    },
    goOoc: () => {
      puppet = null;
      monitors.puppetChanged(session);
    },
  };
}
