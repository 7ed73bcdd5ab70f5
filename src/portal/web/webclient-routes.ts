/**
 * The web port's page routes: the webclient shell at `/` and its bundled assets, built once in
 * memory when the Portal starts (build-webclient.ts). `createWebclientRoutes` returns a request
 * handler for the web listener that answers the requests it owns and returns false for the
 * rest (404s and the WebSocket upgrade at /ws stay with the listener).
 *
 * Caching: every response carries a strong ETag and `cache-control: no-cache`, so a browser
 * revalidates each load and gets a 304 while the bundle is unchanged, and a new build is
 * picked up at once. The page sets a Content-Security-Policy that allows only this origin's
 * script and the WebSocket back to it: game HTML that slipped past every escape still cannot
 * run script.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { loadWebclient, makeAsset, type Asset } from './build-webclient.ts';
import { webclientPage } from './webclient-page.ts';

export interface WebclientRouteOptions {
  serverName: string;
  log: Logger;
}

export type WebRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

// 'unsafe-inline' for styles only: game HTML may colour text with style attributes.
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

function serve(req: IncomingMessage, res: ServerResponse, asset: Asset, extra = {}): void {
  const headers = {
    'content-type': asset.contentType,
    'cache-control': 'no-cache',
    etag: asset.etag,
    ...SECURITY_HEADERS,
    ...extra,
  };
  if (etagMatches(req.headers['if-none-match'], asset.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': asset.body.length });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}

/** Build the webclient and return the routes that serve it. Rejects with START_FAILED. */
export async function createWebclientRoutes(options: WebclientRouteOptions): Promise<WebRoute> {
  const bundle = await loadWebclient();
  const page = makeAsset(webclientPage(options.serverName), 'text/html; charset=utf-8');
  const routes = new Map<string, Asset>([['/', page], ['/index.html', page], ...bundle.assets]);
  const bytes = [...bundle.assets.values()].reduce((n, a) => n + a.body.length, 0);
  options.log.info({ buildMs: bundle.buildMs, bytes }, 'webclient ready');

  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const asset = routes.get(path);
    if (asset === undefined) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed.\n');
      return true;
    }
    serve(req, res, asset, asset === page ? { 'content-security-policy': PAGE_CSP } : {});
    return true;
  };
}
