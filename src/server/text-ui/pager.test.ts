import { describe, expect, it } from 'vitest';
import { Pager, pageRows, pagerHeight, paginate } from './pager.ts';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n');

describe('pages of a long text', () => {
  it('fills each page with the rows a client of that height has, less footer and input', () => {
    expect(pageRows(10)).toBe(8);
    expect(pageRows(3)).toBe(4); // never fewer than four
    expect(paginate(lines(20), 8, 80)).toEqual([
      lines(8),
      lines(16).slice(lines(8).length + 1),
      'line 17\nline 18\nline 19\nline 20',
    ]);
  });

  it('counts a line longer than the screen as the rows the client wraps it into', () => {
    const long = 'x'.repeat(25); // three rows on a 10-column screen
    expect(paginate(['a', long, 'b', 'c'].join('\n'), 4, 10)).toEqual([`a\n${long}`, 'b\nc']);
  });

  it('starts each page in the colour the text had there, and ends it plain', () => {
    expect(paginate('|rone\ntwo\nthree|n four', 2, 80)).toEqual([
      '|rone|n\n|rtwo|n',
      '|rthree|n four',
    ]);
  });

  it('moves next, back, top and end, and says where the reader is', () => {
    const pager = new Pager(['p1', 'p2', 'p3']);
    expect(pager.current()).toMatch(/^p1\n\|w\[Page 1\/3\]\|n Enter or n: next/);
    expect(pager.next()).toBe(true);
    expect(pager.current()).toMatch(/^p2\n\|w\[Page 2\/3\]/);
    pager.end();
    expect(pager.current()).toMatch(/^p3\n\|w\[Page 3\/3, the end\]/);
    expect(pager.next()).toBe(false);
    pager.back();
    expect(pager.index).toBe(1);
    pager.top();
    pager.back();
    expect(pager.index).toBe(0);
  });

  it('pages a client that reported its height, unless the player turned it off', () => {
    expect(pagerHeight({ SCREENHEIGHT: 30 })).toBeNull(); // a default height, never reported
    expect(pagerHeight({ SCREENHEIGHT: 30, AUTORESIZE: true })).toBe(30);
    expect(pagerHeight({ SCREENHEIGHT: 30, AUTORESIZE: true, PAGER: false })).toBeNull();
    expect(pagerHeight({ SCREENHEIGHT: 24, PAGER: true })).toBe(24);
    expect(pagerHeight({ SCREENHEIGHT: 0, PAGER: true })).toBe(45);
  });
});
