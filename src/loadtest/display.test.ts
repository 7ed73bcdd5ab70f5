import { describe, expect, it } from 'vitest';
import { createDisplay } from './display.ts';
import { Recorder } from './recorder.ts';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { isTTY, write: (s: string) => out.push(s), out };
}

describe('the live display', () => {
  const r = new Recorder();
  r.connected = 3;
  r.loggedIn = 2;
  r.loginThrottled = 1;
  r.recordAction('look', 4);
  const point = r.tick(120);

  it('redraws one status line in place on a terminal', () => {
    const tty = sink(true);
    const d = createDisplay('game', tty);
    d.tick(point, r);
    d.tick(point, r);
    d.done();
    expect(tty.out).toHaveLength(3);
    // Carriage return and erase-line (ESC [2K), then the line itself.
    expect(tty.out[0]!.startsWith('\r\u001b[2Kgame ramp')).toBe(true);
    expect(tty.out[0]).toMatch(
      /conn 3 {2}in 2 .*p50 4\.\d+ p99 4\.\d+ ms .*throttled 1 .*game 120 MB/,
    );
    expect(tty.out[2]).toBe('\n');
  });

  it('writes a plain line every few seconds to a pipe', () => {
    const pipe = sink(false);
    const d = createDisplay('game', pipe);
    for (let i = 0; i < 11; i++) d.tick(point, r);
    d.done();
    expect(pipe.out).toHaveLength(3);
    expect(pipe.out.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
  });
});
