import { describe, expect, it } from 'vitest';
import { IRC_NICK } from '../../../shared/irc-names.ts';
import { nickCandidate } from './nick.ts';

describe('nickCandidate', () => {
  it('adds an underscore per collision, then gives up', () => {
    const tried = [0, 1, 2, 3].map((n) => nickCandidate('wsbot', n, 3));
    expect(tried).toEqual(['wsbot', 'wsbot_', 'wsbot__', null]);
  });

  it('keeps a long nick within the length limit by shortening it', () => {
    expect(nickCandidate('abcdefghi', 2, 5, 9)).toBe('abcdefg__');
    const long = 'x'.repeat(30);
    const next = nickCandidate(long, 1, 5);
    expect(next).toBe(`${'x'.repeat(29)}_`);
    expect(next).toMatch(IRC_NICK);
  });

  it('never yields a nick that differs from the ones before it', () => {
    const all = Array.from({ length: 8 }, (_, n) => nickCandidate('bot', n, 8, 9));
    expect(new Set(all).size).toBe(8);
    for (const nick of all) expect(nick).toMatch(IRC_NICK);
  });
});
