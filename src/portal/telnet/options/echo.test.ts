import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { h, harness, neg, runBytes } from '../protocol-harness.ts';
import { echoRequest } from './echo.ts';

describe('ECHO (option 1)', () => {
  it('reads the echo request from outputfunc kwargs', () => {
    expect(echoRequest({ echo: false })).toBe(false);
    expect(echoRequest({ echo: true })).toBe(true);
    expect(echoRequest({ options: { echo: false } })).toBe(false);
    expect(echoRequest({})).toBeNull();
    expect(echoRequest({ echo: 'no' })).toBeNull();
  });

  it('hides input with WILL ECHO, and shows it again with WONT ECHO after DO', () => {
    const t = harness({ start: true });
    t.protocol.echo.hideInput();
    expect(t.takeOut()).toBe(h(neg('WILL', OPT.ECHO)));
    t.feed(neg('DO', OPT.ECHO));
    expect(t.takeOut()).toBe('');
    expect(t.protocol.echo.echoing).toBe(true);
    t.protocol.echo.showInput();
    expect(t.takeOut()).toBe(h(neg('WONT', OPT.ECHO)));
    t.feed(neg('DONT', OPT.ECHO));
    expect(t.takeOut()).toBe('');
    expect(t.protocol.echo.echoing).toBe(false);
  });

  it('asking twice sends WILL once', () => {
    const t = harness();
    t.protocol.echo.hideInput();
    t.protocol.echo.hideInput();
    expect(t.takeOut()).toBe(h(neg('WILL', OPT.ECHO)));
  });

  it('refuses an unsolicited DO ECHO (once) and a client WILL ECHO', () => {
    const t = runBytes(`${neg('DO', OPT.ECHO)} ${neg('DO', OPT.ECHO)} ${neg('WILL', OPT.ECHO)}`);
    expect(t.rec.out).toBe(h(`${neg('WONT', OPT.ECHO)} ${neg('DONT', OPT.ECHO)}`));
    expect(t.protocol.echo.echoing).toBe(false);
  });
});
