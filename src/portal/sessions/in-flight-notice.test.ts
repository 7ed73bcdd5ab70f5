/**
 * A command forwarded to the Server and not yet answered when the Server crashes: the Portal
 * tells that player it may not have completed (some of its writes may have been committed).
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { PortalToServer } from '../../link/messages.ts';
import type { FuncCall } from '../../shared/session-data.ts';
import type { SessionTransport } from './portal-session.ts';
import { inFlightLostNotice, PortalSessionHandler } from './portal-session-handler.ts';

class FakeTransport implements SessionTransport {
  readonly protocolKey = 'telnet';
  readonly address = '127.0.0.1';
  readonly sent: FuncCall[] = [];
  send(cmds: readonly FuncCall[]): void {
    this.sent.push(...cmds);
  }
  close(): void {}
  take(): string[] {
    return this.sent.splice(0).map((c) => String(c[1][0]));
  }
}

const text = (line: string): FuncCall => ['text', [line], {}];

function linkedHandler() {
  const handler = new PortalSessionHandler(
    'boot-1',
    0,
    { maxInputRate: 1000, maxHeldInputLines: 5 },
    pino({ level: 'silent' }),
  );
  const toServer: PortalToServer[] = [];
  handler.serverLinked({ send: (m) => toServer.push(m) });
  handler.describeAll();
  handler.serverReady();
  return { handler, toServer };
}

describe('commands in flight when the Server goes', () => {
  it('on a crash, names the unanswered command to its player only', () => {
    const { handler } = linkedHandler();
    const digger = new FakeTransport();
    const answered = new FakeTransport();
    const idle = new FakeTransport();
    const d = handler.connect(digger);
    const a = handler.connect(answered);
    handler.connect(idle);
    handler.input(d, text('dig tunnel to the north'));
    handler.input(d, text('look'));
    handler.input(a, text('look'));
    handler.input(a, ['idle', [], {}]);
    handler.output(a.sessid, [text('You see a room.')]);
    answered.take();
    handler.serverUnlinked();
    expect(digger.take()).toEqual([
      'Your last command (dig tunnel to the north) may not have completed.',
    ]);
    expect(answered.take()).toEqual([]);
    expect(idle.take()).toEqual([]);
  });

  it('says nothing when the Server was asked to stop (reload, shutdown)', () => {
    const { handler } = linkedHandler();
    const player = new FakeTransport();
    const p = handler.connect(player);
    handler.input(p, text('set quiet'));
    handler.pauseInput();
    handler.serverUnlinked();
    expect(player.take()).toEqual([]);
  });

  it('counts a line held while no Server ran once it is delivered, and forgets it after', () => {
    const handler = new PortalSessionHandler(
      'boot-1',
      0,
      { maxInputRate: 1000, maxHeldInputLines: 5 },
      pino({ level: 'silent' }),
    );
    const player = new FakeTransport();
    const p = handler.connect(player);
    handler.input(p, text('north'));
    handler.serverUnlinked(); // not yet delivered: nothing to say
    expect(player.take()).toEqual([]);
    handler.serverLinked({ send: () => undefined });
    handler.describeAll();
    handler.serverReady();
    handler.serverUnlinked();
    expect(player.take()).toEqual(['Your last command (north) may not have completed.']);
    handler.serverUnlinked();
    expect(player.take()).toEqual([]);
  });

  it('shows at most 40 characters of the command, with markup neutralised', () => {
    expect(inFlightLostNotice(`say ${'a'.repeat(60)}`)).toBe(
      `Your last command (say ${'a'.repeat(36)}…) may not have completed.`,
    );
    expect(inFlightLostNotice('say |rred')).toBe(
      'Your last command (say ||rred) may not have completed.',
    );
  });
});
