/**
 * Parsing an argon2 PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, see the PHC
 * string format spec, github.com/P-H-C/phc-string-format) into the parameters it was made with,
 * so a login can tell whether a stored hash was made with older settings and re-hash it.
 */

export interface Argon2Params {
  algorithm: 'argon2id' | 'argon2i' | 'argon2d';
  /** 19 for argon2 1.3 (0x13), 16 for 1.0; a string without `v=` is 1.0. */
  version: number;
  /** KiB of memory. */
  memoryCost: number;
  /** Passes over memory. */
  timeCost: number;
  /** Lanes. */
  parallelism: number;
  /** Bytes of hash output. */
  outputLen: number;
}

const PHC =
  /^\$(argon2id|argon2i|argon2d)(?:\$v=(\d{1,3}))?\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Parameters of an argon2 PHC string, or null if it is not one. */
export function parseArgon2Phc(encoded: string): Argon2Params | null {
  const m = PHC.exec(encoded);
  if (!m) return null;
  const [, algorithm, version, memory, time, lanes, , hash] = m;
  return {
    algorithm: algorithm as Argon2Params['algorithm'],
    version: version === undefined ? 16 : Number(version),
    memoryCost: Number(memory),
    timeCost: Number(time),
    parallelism: Number(lanes),
    // PHC uses unpadded base64: every 4 characters carry 3 bytes.
    outputLen: Math.floor(((hash ?? '').length * 3) / 4),
  };
}
