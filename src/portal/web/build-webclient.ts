/**
 * The webclient's bundle (client/main.ts and client/webclient.css, bundled by esbuild). The
 * engine's build (tools/build.ts, run by `npm install`) writes it to `assets/` beside the
 * compiled Portal, which serves those files; run from the TypeScript sources (the unit tests),
 * the Portal bundles it into memory instead. A bundle that does not build is a START_FAILED
 * error with esbuild's messages, not a page that silently fails in the browser.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from 'esbuild';
import { distPath, PACKAGE_ROOT } from '../../shared/entrypoints.ts';
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

/** Where the engine's build puts the bundle. */
export const WEBCLIENT_ASSET_DIR = distPath('webclient');

/** The webclient's sources (bundled from src/, also by a compiled engine). */
const CLIENT_DIR = join(PACKAGE_ROOT, 'src', 'portal', 'web', 'client');

const ENTRY_POINTS = [
  { in: join(CLIENT_DIR, 'main.ts'), out: 'webclient' },
  { in: join(CLIENT_DIR, 'webclient.css'), out: 'webclient' },
];

/** Browsers the page supports (last few years of each); esbuild lowers syntax for them. */
const TARGETS = ['chrome100', 'firefox100', 'safari15', 'edge100'];

export function makeAsset(body: Buffer | string, contentType: string): Asset {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 27);
  return { body: bytes, contentType, etag: `"${hash}"` };
}

function contentType(name: string): string {
  return name.endsWith('.js')
    ? 'text/javascript; charset=utf-8'
    : name.endsWith('.css')
      ? 'text/css; charset=utf-8'
      : 'application/json; charset=utf-8';
}

/** The prebuilt bundle when this is the compiled engine, else a fresh one built in memory. */
export async function loadWebclient(): Promise<WebclientBundle> {
  if (!existsSync(WEBCLIENT_ASSET_DIR)) return buildWebclient();
  const started = performance.now();
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(WEBCLIENT_ASSET_DIR)) {
    assets.set(
      `/${name}`,
      makeAsset(readFileSync(join(WEBCLIENT_ASSET_DIR, name)), contentType(name)),
    );
  }
  return { assets, buildMs: Math.round(performance.now() - started) };
}

export async function buildWebclient(): Promise<WebclientBundle> {
  const started = performance.now();
  // Loaded here, not at the top: a compiled Portal serves the prebuilt files and never needs it.
  const { build, formatMessages } = await import('esbuild');
  const describe = async (messages: Message[]) =>
    (await formatMessages(messages, { kind: 'error', color: false })).join('\n');
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
    assets.set(`/${name}`, makeAsset(Buffer.from(file.contents), contentType(name)));
  }
  return { assets, buildMs: Math.round(performance.now() - started) };
}
