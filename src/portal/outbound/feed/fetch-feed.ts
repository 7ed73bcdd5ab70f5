/**
 * One HTTP(S) GET of a feed, bounded: a timeout for the whole request, a cap on the bytes
 * read (the body is read as a stream and abandoned past `maxBytes`, whatever Content-Length
 * says), http and https only (redirects included). A conditional request (ETag,
 * Last-Modified) lets an unchanged feed answer 304 with no body.
 */
import { WAYSTONE_VERSION } from '../../../shared/version.ts';

export interface FetchFeedOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Validators from the last 200 answer, for a conditional request. */
  readonly etag?: string | null;
  readonly lastModified?: string | null;
}

export type FetchedFeed =
  | { readonly changed: false }
  | {
      readonly changed: true;
      readonly body: string;
      readonly etag: string | null;
      readonly lastModified: string | null;
    };

export class FeedFetchError extends Error {}

export async function fetchFeed(url: string, opts: FetchFeedOptions): Promise<FetchedFeed> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const headers: Record<string, string> = {
    accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8',
    'user-agent': `Waystone/${WAYSTONE_VERSION} (feed bridge)`,
  };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal, redirect: 'follow' });
  } catch (err) {
    throw new FeedFetchError(describeFailure(err, opts.timeoutMs));
  }
  try {
    const final = new URL(response.url || url);
    if (final.protocol !== 'http:' && final.protocol !== 'https:')
      throw new FeedFetchError(`redirected to ${final.protocol} (only http and https)`);
    if (response.status === 304) return { changed: false };
    if (!response.ok) throw new FeedFetchError(`HTTP ${response.status} ${response.statusText}`);
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > opts.maxBytes) throw tooLarge(opts.maxBytes);
    const bytes = await readBounded(response, opts.maxBytes);
    return {
      changed: true,
      body: decode(bytes, response.headers.get('content-type')),
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
    };
  } catch (err) {
    await response.body?.cancel().catch(() => undefined);
    if (err instanceof FeedFetchError) throw err;
    throw new FeedFetchError(describeFailure(err, opts.timeoutMs));
  }
}

async function readBounded(response: Response, maxBytes: number): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as text in the charset the server names (UTF-8 when it names none or a bad one). */
function decode(bytes: Uint8Array, contentType: string | null): string {
  const charset = /charset=["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function tooLarge(maxBytes: number): FeedFetchError {
  return new FeedFetchError(`the feed is larger than ${maxBytes} bytes`);
}

function describeFailure(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return `no answer within ${timeoutMs / 1000} s`;
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message} (${cause})` : e.message;
}
