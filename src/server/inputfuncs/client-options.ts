/**
 * Client flags over OOB (REFERENCE.md §10): `client_options` (aliases `hello`, `supports_set`)
 * sets or gets a session's protocol flags; `get_client_options` returns them; `get_inputfuncs`
 * lists what a client may call; `webclient_options` keeps the webclient's own settings;
 * `ping` answers GMCP Core.Ping. Flags are validated by type, so a client cannot store an
 * arbitrary blob in a session.
 */
import type { FlagValue, ProtocolFlags } from '../../shared/session-data.ts';
import type { InputFunc, InputFuncRegistry } from './registry.ts';

type FlagKind = 'bool' | 'int' | 'string';

/** The flags a client may set, with their type. Others are refused (and listed back). */
export const SETTABLE_FLAGS: Readonly<Record<string, FlagKind>> = {
  ANSI: 'bool',
  XTERM256: 'bool',
  TRUECOLOR: 'bool',
  MXP: 'bool',
  'UTF-8': 'bool',
  SCREENREADER: 'bool',
  ENCODING: 'string',
  MCCP: 'bool',
  SCREENHEIGHT: 'int',
  SCREENWIDTH: 'int',
  INPUTDEBUG: 'bool',
  RAW: 'bool',
  NOCOLOR: 'bool',
  NOGOAHEAD: 'bool',
  LOCALECHO: 'bool',
  // The pager (text-ui/pager.ts): on, off, or unset (page when the client reported its height).
  PAGER: 'bool',
};

const ENCODINGS = new Set(['utf-8', 'utf8', 'latin-1', 'latin1', 'ascii']);

function parseFlag(kind: FlagKind, name: string, value: unknown): FlagValue | undefined {
  switch (kind) {
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 1 || value === '1' || value === 'true' || value === 'on') return true;
      if (value === 0 || value === '0' || value === 'false' || value === 'off') return false;
      return undefined;
    case 'int': {
      const n = typeof value === 'number' ? value : Number(value);
      // Screen sizes: 0 means unknown; anything beyond a few thousand is a broken client.
      return Number.isInteger(n) && n >= 0 && n <= 10_000 ? n : undefined;
    }
    case 'string': {
      if (typeof value !== 'string') return undefined;
      const v = value.trim().toLowerCase();
      return name === 'ENCODING' && !ENCODINGS.has(v) ? undefined : v;
    }
  }
}

/** Validate requested flags: the ones accepted, and the names refused. */
export function validateFlags(requested: Record<string, unknown>): {
  accepted: ProtocolFlags;
  refused: string[];
} {
  const accepted: ProtocolFlags = {};
  const refused: string[] = [];
  for (const [rawName, value] of Object.entries(requested)) {
    const name = rawName.toUpperCase();
    if (name === 'GET') continue;
    const kind = SETTABLE_FLAGS[name];
    const parsed = kind === undefined ? undefined : parseFlag(kind, name, value);
    if (parsed === undefined) refused.push(rawName);
    else accepted[name] = parsed;
  }
  return { accepted, refused };
}

/** Most webclient settings a client may keep, and how large each may be. */
const MAX_WEBCLIENT_OPTIONS = 50;
const MAX_WEBCLIENT_VALUE_CHARS = 200;

export function registerClientOptionFuncs(registry: InputFuncRegistry): void {
  const setOrGet: InputFunc = ({ session, kwargs }) => {
    const { accepted, refused } = validateFlags(kwargs);
    // A client telling its height (the webclient does on every resize) may be paged to it, as
    // NAWS does for telnet (AUTORESIZE, Evennia's name).
    if (typeof accepted['SCREENHEIGHT'] === 'number' && accepted['SCREENHEIGHT'] > 0) {
      accepted['AUTORESIZE'] = true;
    }
    if (Object.keys(accepted).length > 0) session.setFlags(accepted);
    if ('get' in kwargs || Object.keys(kwargs).length === 0 || refused.length > 0) {
      session.send([
        [
          'client_options',
          [],
          { ...session.protocolFlags, ...(refused.length ? { refused } : {}) },
        ],
      ]);
    }
  };
  for (const name of ['client_options', 'hello', 'supports_set']) registry.register(name, setOrGet);

  registry.register('get_client_options', ({ session }) => {
    session.send([['get_client_options', [], { ...session.protocolFlags }]]);
  });

  registry.register('get_inputfuncs', ({ session }) => {
    session.send([['get_inputfuncs', registry.names().filter((n) => n !== 'default'), {}]]);
  });

  registry.register('ping', ({ session, args }) => {
    session.send([['ping', args.slice(0, 1), {}]]);
  });

  registry.register('webclient_options', ({ session, kwargs }) => {
    const store = (session.ndb['webclientOptions'] ??= {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(kwargs)) {
      if (Object.keys(store).length >= MAX_WEBCLIENT_OPTIONS && !(key in store)) break;
      if (
        ['string', 'number', 'boolean'].includes(typeof value) &&
        String(value).length <= MAX_WEBCLIENT_VALUE_CHARS
      ) {
        store[key] = value;
      }
    }
    session.send([['webclient_options', [], { ...store }]]);
  });
}
