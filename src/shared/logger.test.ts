import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

/** A stream that says it is a terminal and keeps what is written to it, colours removed. */
function fakeTerminal(): { stream: NodeJS.WritableStream; text: () => string } {
  const chunks: string[] = [];
  const stream = {
    isTTY: true,
    write: (chunk: string) => {
      chunks.push(chunk);
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  // eslint-disable-next-line no-control-regex
  return { stream, text: () => chunks.join('').replace(/\u001b\[[0-9;]*m/g, '') };
}

describe('createLogger in a terminal', () => {
  it('shows an activity entry as its message alone, on one line', () => {
    const term = fakeTerminal();
    const log = createLogger('portal', 'info', term.stream);
    log
      .child({ part: 'sessions' })
      .info(
        { activity: 'connected', sessid: 3, protocol: 'telnet', address: '127.0.0.1' },
        '+ #3 telnet 127.0.0.1 connected',
      );
    const lines = term.text().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/INFO \(portal\): \+ #3 telnet 127\.0\.0\.1 connected$/);
  });

  it('shows any other entry on one line with its fields', () => {
    const term = fakeTerminal();
    createLogger('server', 'info', term.stream).info({ sessions: 2 }, 'sessions rebuilt');
    const lines = term.text().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('sessions rebuilt {"sessions":2}');
  });

  it('keeps the stack of an error', () => {
    const term = fakeTerminal();
    createLogger('portal', 'info', term.stream).error(
      { activity: 'x', err: new Error('boom') },
      'it failed',
    );
    expect(term.text()).toContain('it failed');
    expect(term.text()).toContain('Error: boom');
    expect(term.text()).toMatch(/at .*logger\.test\.ts/);
  });

  it('leaves out what is below the level', () => {
    const term = fakeTerminal();
    createLogger('portal', 'warn', term.stream).info('not shown');
    expect(term.text()).toBe('');
  });
});
