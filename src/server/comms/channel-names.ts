/**
 * What a channel may be called: its key, the aliases everyone may use, and each subscriber's
 * own aliases (`channel/alias`). A name is one word — players type it as a command (`pub
 * hello`) — of letters, digits and `-_'.`, starting with a letter or digit, at most 30
 * characters. Names are compared case-insensitively (NFKC, lower case), so "Public" and
 * "PUBLIC" are one channel. Pure functions; the manager checks that a name is free.
 */
import { WaystoneError } from '../../shared/errors.ts';

export const CHANNEL_NAME_MAX = 30;
/** Aliases one channel, or one subscriber for one channel, may have. */
export const CHANNEL_ALIASES_MAX = 10;
/** Characters in a channel's description. */
export const CHANNEL_DESCRIPTION_MAX = 200;

const NAME = /^[\p{L}\p{N}][\p{L}\p{N}_'.-]*$/u;

/** The form names are compared in. */
export function channelNameKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

/** A usable name, trimmed and NFKC-normalised, or CHANNEL_INVALID saying what is wrong. */
export function checkChannelName(raw: string, what = 'A channel name'): string {
  const name = raw.normalize('NFKC').trim();
  if (name === '') throw new WaystoneError('CHANNEL_INVALID', `${what} cannot be empty.`);
  if (name.length > CHANNEL_NAME_MAX)
    throw new WaystoneError(
      'CHANNEL_INVALID',
      `${what} is at most ${CHANNEL_NAME_MAX} characters long.`,
    );
  if (!NAME.test(name))
    throw new WaystoneError(
      'CHANNEL_INVALID',
      `${what} is one word of letters, digits and - _ ' . (it is typed as a command).`,
    );
  return name;
}

/** Checked aliases without repeats (case-insensitively) and without the channel's key. */
export function checkChannelAliases(raw: readonly string[], key: string): string[] {
  const seen = new Set([channelNameKey(key)]);
  const out: string[] = [];
  for (const alias of raw) {
    if (alias.trim() === '') continue;
    const name = checkChannelName(alias, `The alias '${alias.trim()}'`);
    const k = channelNameKey(name);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(name);
  }
  if (out.length > CHANNEL_ALIASES_MAX)
    throw new WaystoneError('CHANNEL_INVALID', `At most ${CHANNEL_ALIASES_MAX} aliases, please.`);
  return out;
}

/** `a;b; c` → ['a', 'b', 'c'] (Evennia's separator for aliases). */
export function splitAliases(text: string): string[] {
  return text
    .split(';')
    .map((a) => a.trim())
    .filter((a) => a !== '');
}
