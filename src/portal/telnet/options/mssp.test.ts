import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { ascii, h, neg, runBytes, sb } from '../protocol-harness.ts';
import { buildMssp } from './mssp.ts';

const pair = (name: string, ...values: string[]): string =>
  `01 ${ascii(name)} ${values.map((value) => `02 ${ascii(value)}`).join(' ')}`;

describe('MSSP (option 70)', () => {
  it('on DO sends NAME, PLAYERS and UPTIME (epoch seconds of the start)', () => {
    const t = runBytes(neg('DO', OPT.MSSP), { start: true });
    expect(t.rec.out).toBe(
      h(
        sb(
          OPT.MSSP,
          `${pair('NAME', 'Testgame')} ${pair('PLAYERS', '3')} ${pair('UPTIME', '1700000000')}`,
        ),
      ),
    );
  });

  it("adds the game's own fields, lists as several values; the Portal's three win", () => {
    const payload = buildMssp({
      serverName: 'Mine',
      players: () => 0,
      startedAt: 0,
      fields: { codebase: 'Waystone', PORT: [4000, 4001], NAME: 'Spoof', CRAWL: 'x\x01y' },
    });
    expect(payload.toString('hex')).toBe(
      h(
        `${pair('CODEBASE', 'Waystone')} ${pair('PORT', '4000', '4001')} ${pair('NAME', 'Mine')} ${pair('CRAWL', 'xy')} ${pair('PLAYERS', '0')} ${pair('UPTIME', '0')}`,
      ),
    );
  });
});
