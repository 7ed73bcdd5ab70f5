/** `session.puppet` (issue 13 §4): the object behind `puid`, read live, never stale. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { DefaultObject } from '../objects/object.ts';
import { newSessionSync } from '../../shared/session-data.ts';
import { ServerSessionHandler } from './server-session-handler.ts';

describe('session.puppet', () => {
  it('follows puid through the objects in memory', () => {
    const world = new Map<number, DefaultObject>();
    const cat = { id: 7, key: 'Cat' } as unknown as DefaultObject;
    world.set(7, cat);
    const handler = new ServerSessionHandler(pino({ level: 'silent' }), {
      objectById: (id) => world.get(id),
    });
    const session = handler.portalConnect(newSessionSync(1, 'telnet', '127.0.0.1', 1));
    expect(session.puppet).toBeNull();
    session.puid = 7;
    expect(session.puppet).toBe(cat);
    // An object deleted from memory is not handed out (the puid is the puppeting layer's to clear).
    world.delete(7);
    expect(session.puppet).toBeNull();
    session.puid = null;
    expect(session.puppet).toBeNull();
  });

  it('reads null where the Server gave the handler no objects', () => {
    const handler = new ServerSessionHandler(pino({ level: 'silent' }));
    const session = handler.portalConnect({
      ...newSessionSync(1, 'telnet', '127.0.0.1', 1),
      puid: 3,
    });
    expect(session.puppet).toBeNull();
  });
});
