/**
 * Test support: reading the telnet wire a TelnetClient recorded — GMCP messages, the MCCP2
 * stream — and building the bytes a client sends. Black-box: only bytes, no Portal code.
 */
import { constants, inflateSync } from 'node:zlib';

export const IAC = 0xff;
export const SB = 0xfa;
export const SE = 0xf0;
export const OPTION = { NAWS: 31, GMCP: 201, MCCP2: 86, MCCP3: 87, MSSP: 70, MSDP: 69 } as const;

/** `IAC <verb> <option>`. */
export function negotiation(verb: 'WILL' | 'WONT' | 'DO' | 'DONT', option: number): Buffer {
  return Buffer.from([IAC, { WILL: 0xfb, WONT: 0xfc, DO: 0xfd, DONT: 0xfe }[verb], option]);
}

/** `IAC SB <option> payload IAC SE`, 0xFF doubled. */
export function subnegotiation(option: number, payload: Buffer): Buffer {
  const escaped: number[] = [];
  for (const b of payload) escaped.push(...(b === IAC ? [IAC, IAC] : [b]));
  return Buffer.from([IAC, SB, option, ...escaped, IAC, SE]);
}

export function gmcp(message: string): Buffer {
  return subnegotiation(OPTION.GMCP, Buffer.from(message, 'utf8'));
}

export function naws(width: number, height: number): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt16BE(width, 0);
  p.writeUInt16BE(height, 2);
  return subnegotiation(OPTION.NAWS, p);
}

/** Every subnegotiation payload for `option` in `bytes`, un-doubled. */
export function subnegotiations(bytes: Buffer, option: number): Buffer[] {
  const found: Buffer[] = [];
  for (let i = 0; i < bytes.length - 2; i += 1) {
    if (bytes[i] !== IAC) continue;
    if (bytes[i + 1] === IAC) {
      i += 1;
      continue;
    }
    if (bytes[i + 1] !== SB || bytes[i + 2] !== option) continue;
    const payload: number[] = [];
    let j = i + 3;
    for (; j < bytes.length - 1; j += 1) {
      if (bytes[j] === IAC && bytes[j + 1] === IAC) {
        payload.push(IAC);
        j += 1;
      } else if (bytes[j] === IAC && bytes[j + 1] === SE) break;
      else payload.push(bytes[j]!);
    }
    found.push(Buffer.from(payload));
    i = j + 1;
  }
  return found;
}

/** GMCP messages in `bytes` as `{ pkg, data }` (data parsed when there is any). */
export function gmcpMessages(bytes: Buffer): Array<{ pkg: string; data: unknown }> {
  return subnegotiations(bytes, OPTION.GMCP).map((p) => {
    const text = p.toString('utf8');
    const space = text.indexOf(' ');
    if (space === -1) return { pkg: text, data: undefined };
    return { pkg: text.slice(0, space), data: JSON.parse(text.slice(space + 1)) as unknown };
  });
}

/** Where the MCCP2 stream starts (just after `IAC SB MCCP2 IAC SE`), or -1. */
export function mccp2Start(bytes: Buffer): number {
  const at = bytes.indexOf(Buffer.from([IAC, SB, OPTION.MCCP2, IAC, SE]));
  return at === -1 ? -1 : at + 5;
}

/** Inflates an MCCP2 stream read so far (sync-flushed, maybe unfinished). */
export function inflateStream(bytes: Buffer): Buffer {
  return inflateSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
}

/** MSDP's structure bytes. */
const MSDP_VAR = 1;
const MSDP_VAL = 2;
const MSDP_ARRAY_OPEN = 5;
const MSDP_ARRAY_CLOSE = 6;

/** An MSDP message: `VAR name VAL value`, a list value as `VAL ARRAY_OPEN VAL a VAL b ARRAY_CLOSE`. */
export function msdp(...variables: Array<[name: string, value: string | string[]]>): Buffer {
  const bytes: number[] = [];
  const text = (t: string): number[] => [...Buffer.from(t, 'utf8')];
  for (const [name, value] of variables) {
    bytes.push(MSDP_VAR, ...text(name), MSDP_VAL);
    if (typeof value === 'string') bytes.push(...text(value));
    else {
      bytes.push(MSDP_ARRAY_OPEN);
      for (const item of value) bytes.push(MSDP_VAL, ...text(item));
      bytes.push(MSDP_ARRAY_CLOSE);
    }
  }
  return subnegotiation(OPTION.MSDP, Buffer.from(bytes));
}

/**
 * MSDP messages in `bytes`, each as its variables: a string value, or a list for an array of
 * strings (what LIST, REPORT and SEND answer; tables are not read here).
 */
export function msdpMessages(bytes: Buffer): Array<Record<string, string | string[]>> {
  return subnegotiations(bytes, OPTION.MSDP).map((payload) => {
    const vars: Record<string, string | string[]> = {};
    let name = '';
    let list: string[] | null = null;
    let mode: 'name' | 'value' | 'none' = 'none';
    let run: number[] = [];
    const endRun = (): void => {
      const text = Buffer.from(run).toString('utf8');
      run = [];
      if (mode === 'name') name = text;
      else if (mode === 'value') {
        if (list !== null) list.push(text);
        else vars[name] = text;
      }
    };
    for (const b of payload) {
      if (b > MSDP_ARRAY_CLOSE) {
        run.push(b);
        continue;
      }
      endRun();
      if (b === MSDP_VAR) mode = 'name';
      else if (b === MSDP_VAL) mode = 'value';
      else if (b === MSDP_ARRAY_OPEN) {
        list = [];
        vars[name] = list;
        mode = 'none';
      } else if (b === MSDP_ARRAY_CLOSE) {
        list = null;
        mode = 'none';
      }
    }
    endRun();
    return vars;
  });
}
