/**
 * Bundles the webclient (client/main.ts and client/webclient.css) with esbuild's API into
 * memory when the Portal starts, so there is no build step to remember and no stale file on
 * disk: what is served is always the source in this checkout. A bundle that does not build is
 * a START_FAILED error with esbuild's messages, not a page that silently fails in the browser.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build, formatMessages, type Message } from 'esbuild';
import { WaystoneError } from '../../shared/errors.ts';

export interface Asset {
  body: Buffer;
  contentType: string;
  /** Strong validator: a hash of the body. */
  etag: string;
}

export interface WebclientBundle {
  /** By URL path: `/webclient.js`, `/webclient.js.map`, `/webclient.css`. */
  assets: Map<string, Asset>;
  buildMs: number;
}

const ENTRY_POINTS = [
  { in: fileURLToPath(new URL('./client/main.ts', import.meta.url)), out: 'webclient' },
  { in: fileURLToPath(new URL('./client/webclient.css', import.meta.url)), out: 'webclient' },
];

/** Browsers the page supports (last few years of each); esbuild lowers syntax for them. */
const TARGETS = ['chrome100', 'firefox100', 'safari15', 'edge100'];

export function makeAsset(body: Buffer | string, contentType: string): Asset {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 27);
  return { body: bytes, contentType, etag: `"${hash}"` };
}

async function describe(messages: Message[]): Promise<string> {
  return (await formatMessages(messages, { kind: 'error', color: false })).join('\n');
}

export async function buildWebclient(): Promise<WebclientBundle> {
  const started = performance.now();
  let result;
  try {
    result = await build({
      entryPoints: ENTRY_POINTS,
      bundle: true,
      write: false,
      outdir: '/webclient', // virtual: nothing is written
      format: 'iife',
      target: TARGETS,
      minify: true,
      sourcemap: 'linked',
      sourcesContent: true,
      charset: 'utf8',
      legalComments: 'none',
      logLevel: 'silent',
    });
  } catch (err) {
    const messages = (err as { errors?: Message[] }).errors;
    const detail = messages ? await describe(messages) : String(err);
    throw new WaystoneError('START_FAILED', `The webclient did not build:\n${detail}`, {
      cause: err,
    });
  }
  const assets = new Map<string, Asset>();
  for (const file of result.outputFiles) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    const type = name.endsWith('.js')
      ? 'text/javascript; charset=utf-8'
      : name.endsWith('.css')
        ? 'text/css; charset=utf-8'
        : 'application/json; charset=utf-8';
    assets.set(`/${name}`, makeAsset(Buffer.from(file.contents), type));
  }
  return { assets, buildMs: Math.round(performance.now() - started) };
}
