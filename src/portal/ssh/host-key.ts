/**
 * The SSH server's host key. With `sshHostKeyFile` set (relative to the game directory) that
 * key is used: an RSA key in PEM (PKCS#1) or an OpenSSH-format key (e.g. from
 * `ssh-keygen -t ed25519`). Empty: an RSA 3072 key is made at first start with Node's crypto,
 * written as PKCS#1 PEM (the form `ssh2` reads; it refuses Node's PKCS#8 ed25519) to
 * `<game>/certs/ssh-host-rsa.key` (mode 0600), and reused afterwards so clients see the same
 * fingerprint on every start.
 */
import { generateKeyPair } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ssh2 from 'ssh2';
import { WaystoneError } from '../../shared/errors.ts';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../shared/private-files.ts';

const generate = promisify(generateKeyPair);

export function generatedHostKeyPath(gameDir: string): string {
  return join(gameDir, 'certs', 'ssh-host-rsa.key');
}

export async function loadHostKey(gameDir: string, sshHostKeyFile: string): Promise<Buffer> {
  const path =
    sshHostKeyFile === '' ? generatedHostKeyPath(gameDir) : resolve(gameDir, sshHostKeyFile);
  if (sshHostKeyFile === '' && !existsSync(path)) {
    const { privateKey } = await generate('rsa', {
      modulusLength: 3072,
      publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    makePrivateDir(join(path, '..'));
    writeFileSync(path, privateKey, { mode: PRIVATE_FILE_MODE });
  }
  let key: Buffer;
  try {
    key = readFileSync(path);
  } catch (err) {
    throw new WaystoneError(
      'START_FAILED',
      `Cannot read the SSH host key (sshHostKeyFile) at ${path}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const parsed = ssh2.utils.parseKey(key);
  if (parsed instanceof Error)
    throw new WaystoneError(
      'START_FAILED',
      `The SSH host key at ${path} cannot be used: ${parsed.message}. Use an RSA PEM key or an OpenSSH key (ssh-keygen -t ed25519).`,
      { cause: parsed },
    );
  return key;
}
