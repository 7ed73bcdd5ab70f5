/**
 * Bans by account name (case-insensitive, by the same key that makes names unique) and by IP
 * pattern (see ip-pattern.ts: exact address, CIDR, or trailing `*` octets — no regexes). The
 * `ban`/`unban` admin commands edit a BanList; the login flow asks `isBanned` before checking a
 * password and, on a ban, shows `banRefusal()` and disconnects (REFERENCE.md §4). The list is
 * saved as JSON in server config storage with `toJSON`/`fromJSON`.
 */
import { z } from 'zod';
import { WaystoneError } from '../../shared/errors.ts';
import { parseIpPattern, type IpPattern } from './ip-pattern.ts';
import { nameKey, normaliseAccountName } from './names.ts';
import { refuse, type Refusal } from './verdict.ts';

interface BanCommon {
  /** Why, for staff; not shown to the banned player. */
  readonly reason: string;
  /** When, in ms since the epoch. */
  readonly bannedAt: number;
  /** Who banned, if known (an account name). */
  readonly by: string | null;
}

export interface NameBan extends BanCommon {
  readonly kind: 'name';
  /** The name as written when banned. */
  readonly name: string;
}

export interface IpBan extends BanCommon {
  readonly kind: 'ip';
  /** The pattern, trimmed and lower-cased. */
  readonly pattern: string;
}

export type Ban = NameBan | IpBan;

export interface BanDetails {
  reason: string;
  /** ms since the epoch. */
  now: number;
  by?: string | null;
}

const banSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('name'),
    name: z.string().min(1),
    reason: z.string(),
    bannedAt: z.number().finite(),
    by: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('ip'),
    pattern: z.string().min(1),
    reason: z.string(),
    bannedAt: z.number().finite(),
    by: z.string().nullable(),
  }),
]);
const savedSchema = z.object({ version: z.literal(1), bans: z.array(banSchema) });

export type SavedBanList = z.infer<typeof savedSchema>;

/** What a banned player is told before being disconnected. */
export function banRefusal(): Refusal {
  return refuse(
    'BANNED',
    "You have been banned and cannot continue from here. If you think this is a mistake, please contact the game's staff.",
  );
}

type Entry = { ban: NameBan; key: string } | { ban: IpBan; matcher: IpPattern };

export class BanList {
  /** Keyed `name:<nameKey>` or `ip:<pattern>`, in the order bans were made. */
  private readonly entries = new Map<string, Entry>();

  /** Bans a name; banning it again replaces the reason and time. */
  banName(name: string, details: BanDetails): NameBan {
    const written = normaliseAccountName(name);
    if (written.length === 0) {
      throw new WaystoneError('BAN_PATTERN_INVALID', 'A name ban needs a name.');
    }
    const ban: NameBan = Object.freeze({ kind: 'name', name: written, ...common(details) });
    const key = nameKey(written);
    this.replace(`name:${key}`, { ban, key });
    return ban;
  }

  /** Bans an IP pattern; throws BAN_PATTERN_INVALID (message for the admin) if it is not one. */
  banIp(pattern: string, details: BanDetails): IpBan {
    const matcher = parseIpPattern(pattern);
    if (matcher === null) {
      throw new WaystoneError(
        'BAN_PATTERN_INVALID',
        `"${pattern.trim()}" is not an IP pattern. Use an address (203.0.113.7), a CIDR range (10.0.0.0/8) or trailing * octets (192.168.*).`,
      );
    }
    const ban: IpBan = Object.freeze({ kind: 'ip', pattern: matcher.source, ...common(details) });
    this.replace(`ip:${matcher.source}`, { ban, matcher });
    return ban;
  }

  /** Lifts a name ban; false if there was none. */
  unbanName(name: string): boolean {
    return this.entries.delete(`name:${nameKey(name)}`);
  }

  /** Lifts an IP ban by its pattern as written (case and spaces aside); false if none. */
  unbanIp(pattern: string): boolean {
    const matcher = parseIpPattern(pattern);
    return matcher !== null && this.entries.delete(`ip:${matcher.source}`);
  }

  /** Every ban, oldest first. */
  list(): readonly Ban[] {
    return [...this.entries.values()].map((e) => e.ban);
  }

  /** The first ban that applies to this name or address, or null. Name bans are checked first. */
  isBanned(who: { name?: string; ip: string }): Ban | null {
    if (who.name !== undefined) {
      const byName = this.entries.get(`name:${nameKey(who.name)}`);
      if (byName) return byName.ban;
    }
    for (const entry of this.entries.values()) {
      if ('matcher' in entry && entry.matcher.matches(who.ip)) return entry.ban;
    }
    return null;
  }

  toJSON(): SavedBanList {
    return { version: 1, bans: this.list().map((ban) => ({ ...ban })) };
  }

  /** Restores a saved list; throws BAN_LIST_INVALID on anything malformed, never half-loads. */
  static fromJSON(data: unknown): BanList {
    const parsed = savedSchema.safeParse(data);
    if (!parsed.success) {
      throw new WaystoneError('BAN_LIST_INVALID', `Saved ban list: ${parsed.error.message}`);
    }
    const list = new BanList();
    try {
      for (const ban of parsed.data.bans) {
        const details = { reason: ban.reason, now: ban.bannedAt, by: ban.by };
        if (ban.kind === 'name') list.banName(ban.name, details);
        else list.banIp(ban.pattern, details);
      }
    } catch (err) {
      throw new WaystoneError('BAN_LIST_INVALID', 'Saved ban list has an invalid ban.', {
        cause: err,
      });
    }
    return list;
  }

  private replace(id: string, entry: Entry): void {
    this.entries.delete(id); // a re-ban moves to the end: list order is ban time
    this.entries.set(id, entry);
  }
}

function common(details: BanDetails): BanCommon {
  return { reason: details.reason, bannedAt: details.now, by: details.by ?? null };
}
