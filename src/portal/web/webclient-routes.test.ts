import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebclientRoutes } from './webclient-routes.ts';

describe('webclient routes', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const routes = await createWebclientRoutes({
      serverName: 'Tea & <Biscuits>',
      log: pino({ level: 'silent' }),
    });
    server = createServer((req, res) => {
      if (routes(req, res)) return;
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves the page with the server name escaped and a strict CSP', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<title>Tea &amp; &lt;Biscuits&gt;</title>');
    expect(html).toContain('<script src="/webclient.js" defer>');
    expect((await fetch(`${base}/index.html?x=1`)).status).toBe(200);
  });

  it('serves the bundle and stylesheet with their types, and 304 for a matching ETag', async () => {
    const js = await fetch(`${base}/webclient.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('no-cache');
    expect(await js.text()).toContain('waystone');
    const css = await fetch(`${base}/webclient.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const etag = css.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${base}/webclient.css`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect((await fetch(`${base}/webclient.js.map`)).headers.get('content-type')).toContain('json');
  });

  it('answers HEAD without a body, refuses other methods, and leaves other paths alone', async () => {
    const head = await fetch(`${base}/webclient.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(await head.text()).toBe('');
    const post = await fetch(`${base}/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${base}/ws`)).status).toBe(404);
    expect((await fetch(`${base}/../etc/passwd`)).status).toBe(404);
  });
});
