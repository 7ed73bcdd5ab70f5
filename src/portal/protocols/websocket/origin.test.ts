import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin.ts';

describe('originAllowed', () => {
  it('lets in clients that send no Origin (not a browser)', () => {
    expect(originAllowed(undefined, 'game.example:4001', [])).toBe(true);
    expect(originAllowed(undefined, undefined, [])).toBe(true);
  });

  it("lets in the game's own page: the host and port the request was sent to", () => {
    expect(originAllowed('http://game.example:4001', 'game.example:4001', [])).toBe(true);
    expect(originAllowed('http://127.0.0.1:4001', '127.0.0.1:4001', [])).toBe(true);
    expect(originAllowed('http://[::1]:4001', '[::1]:4001', [])).toBe(true);
    // Default ports are left out of one and spelt out in the other; case does not matter.
    expect(originAllowed('https://game.example', 'GAME.example:443', [])).toBe(true);
    expect(originAllowed('http://game.example:80', 'game.example', [])).toBe(true);
    // Behind a TLS-terminating proxy the page is https and the Portal hears plain http.
    expect(originAllowed('https://game.example', 'game.example', [])).toBe(true);
  });

  it('refuses pages elsewhere: another host, another port, null, garbage', () => {
    expect(originAllowed('https://evil.example', 'game.example:4001', [])).toBe(false);
    expect(originAllowed('http://game.example:4002', 'game.example:4001', [])).toBe(false);
    expect(originAllowed('http://game.example.evil.example:4001', 'game.example:4001', [])).toBe(
      false,
    );
    expect(originAllowed('null', 'game.example:4001', [])).toBe(false);
    expect(originAllowed('', 'game.example:4001', [])).toBe(false);
    expect(originAllowed('file:///home/me/page.html', 'game.example:4001', [])).toBe(false);
    expect(originAllowed('https://evil.example', undefined, [])).toBe(false);
  });

  it('lets in the origins listed in webAllowedOrigins, or all with *', () => {
    const allowed = ['https://play.example.com', 'http://localhost:8080'];
    expect(originAllowed('https://play.example.com', 'game.example:4001', allowed)).toBe(true);
    expect(originAllowed('https://PLAY.example.com:443', 'game.example:4001', allowed)).toBe(true);
    expect(originAllowed('http://localhost:8080', 'game.example:4001', allowed)).toBe(true);
    expect(originAllowed('http://play.example.com', 'game.example:4001', allowed)).toBe(false);
    expect(originAllowed('https://evil.example', 'game.example:4001', allowed)).toBe(false);
    expect(originAllowed('https://evil.example', 'game.example:4001', ['*'])).toBe(true);
  });
});
