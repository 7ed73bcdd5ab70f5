/**
 * Stored bridges: one server config entry each (`bridge/<n>`), so bridges need no table of
 * their own, and a counter (`bridge.next`) so a deleted bridge's number is never given again.
 * A record says which kind it is, which channel it serves, which bot account speaks for it,
 * and the kind's settings as the Portal gets them. Written through a unit of work: committed
 * before the builder is told, and retried while the database is away.
 */
import { z } from 'zod';
import type { AttributeValue, Storage } from '../storage/types.ts';

export const BRIDGE_KINDS = ['irc', 'rss'] as const;
export type BridgeKind = (typeof BRIDGE_KINDS)[number];

export interface BridgeRecord {
  /** Its number, shown by `irc2chan/list` and taken by `/delete`. */
  readonly id: number;
  readonly kind: BridgeKind;
  readonly channelId: number;
  readonly botAccountId: number;
  /** The kind's settings (IRC: host, port, tls, channel, nick; RSS: url). */
  readonly settings: Record<string, string | number | boolean>;
  readonly createdAt: Date;
  readonly createdBy: string;
}

const PREFIX = 'bridge/';
const COUNTER = 'bridge.next';

const recordSchema = z.object({
  id: z.number().int().positive(),
  kind: z.enum(BRIDGE_KINDS),
  channelId: z.number().int(),
  botAccountId: z.number().int(),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  createdAt: z.date(),
  createdBy: z.string(),
});

/** The bridge's name on the link: `irc-3`. */
export function bridgeIdOf(record: Pick<BridgeRecord, 'kind' | 'id'>): string {
  return `${record.kind}-${record.id}`;
}

export class BridgeRecords {
  constructor(private readonly storage: Storage) {}

  /** Every stored bridge, by number; a record that does not read is reported, not used. */
  async load(): Promise<{ records: BridgeRecord[]; broken: string[] }> {
    const records: BridgeRecord[] = [];
    const broken: string[] = [];
    for (const { key, value } of await this.storage.config.list(PREFIX)) {
      const parsed = recordSchema.safeParse(value);
      if (parsed.success) records.push(parsed.data);
      else broken.push(key);
    }
    records.sort((a, b) => a.id - b.id);
    return { records, broken };
  }

  /** The number the next bridge gets. */
  async nextId(): Promise<number> {
    const stored = await this.storage.config.get(COUNTER);
    return typeof stored === 'number' && Number.isInteger(stored) && stored > 0 ? stored : 1;
  }

  /** Store a new bridge and move the counter past it, in one commit. */
  async add(record: BridgeRecord): Promise<void> {
    const uow = this.storage.unitOfWork();
    uow.setConfig(`${PREFIX}${record.id}`, record as unknown as AttributeValue);
    uow.setConfig(COUNTER, record.id + 1);
    await uow.commit();
  }

  async remove(id: number): Promise<void> {
    const uow = this.storage.unitOfWork();
    uow.deleteConfig(`${PREFIX}${id}`);
    await uow.commit();
  }
}
