/**
 * The certificate and key for telnet over TLS. With `tlsCertFile`/`tlsKeyFile` set (paths
 * relative to the game directory), those PEM files are used as they are. With both empty, a
 * self-signed certificate for development is made at first start with the `openssl` command
 * (Node's crypto can make keys but not X.509 certificates) into `<game>/certs/` and reused
 * afterwards: `telnet-tls.crt` and `telnet-tls.key` (mode 0600). Clients must be told to accept
 * it (MUD clients usually offer to); use a real certificate (e.g. Let's Encrypt) for players.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { WaystoneError } from '../../shared/errors.ts';
import { ensurePrivateFile, makePrivateDir } from '../../shared/private-files.ts';

const run = promisify(execFile);

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  /** Where they came from, for the log. */
  certPath: string;
  selfSigned: boolean;
}

export interface TlsFileSettings {
  gameDir: string;
  tlsCertFile: string;
  tlsKeyFile: string;
  /** Host name written into a self-signed certificate. */
  commonName?: string;
}

export function selfSignedPaths(gameDir: string): { cert: string; key: string } {
  const dir = join(gameDir, 'certs');
  return { cert: join(dir, 'telnet-tls.crt'), key: join(dir, 'telnet-tls.key') };
}

export async function loadTlsFiles(settings: TlsFileSettings): Promise<TlsFiles> {
  const { gameDir, tlsCertFile, tlsKeyFile } = settings;
  if (tlsCertFile !== '' || tlsKeyFile !== '') {
    if (tlsCertFile === '' || tlsKeyFile === '')
      throw new WaystoneError(
        'START_FAILED',
        'tlsCertFile and tlsKeyFile must be set together (or both left empty for a self-signed certificate).',
      );
    const certPath = resolve(gameDir, tlsCertFile);
    return {
      cert: readPem(certPath, 'tlsCertFile'),
      key: readPem(resolve(gameDir, tlsKeyFile), 'tlsKeyFile'),
      certPath,
      selfSigned: false,
    };
  }
  const paths = selfSignedPaths(gameDir);
  if (!existsSync(paths.cert) || !existsSync(paths.key))
    await makeSelfSigned(paths, settings.commonName ?? 'localhost');
  return {
    cert: readPem(paths.cert, 'the self-signed certificate'),
    key: readPem(paths.key, 'the self-signed key'),
    certPath: paths.cert,
    selfSigned: true,
  };
}

async function makeSelfSigned(paths: { cert: string; key: string }, cn: string): Promise<void> {
  makePrivateDir(join(paths.cert, '..'));
  // Made owner-only before openssl writes the key into it (it keeps an existing file's mode).
  ensurePrivateFile(paths.key);
  try {
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '3650',
        '-subj',
        `/CN=${cn}`,
        '-addext',
        `subjectAltName=DNS:${cn},IP:127.0.0.1`,
        '-keyout',
        paths.key,
        '-out',
        paths.cert,
      ],
      { timeout: 60_000 },
    );
  } catch (err) {
    throw new WaystoneError(
      'START_FAILED',
      `Could not make a self-signed TLS certificate with the openssl command (${(err as Error).message}). Install openssl, or set tlsCertFile and tlsKeyFile.`,
      { cause: err },
    );
  }
  chmodSync(paths.key, 0o600);
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new WaystoneError(
      'START_FAILED',
      `Cannot read ${what} at ${path}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}
