/**
 * Migration 6: markup trust for descriptions written before it (objects/authored-text.ts).
 *
 * Descriptions are now stored as markup that renders as it is: a player's neutralised when
 * written, a builder's or the game's as written, with its colour and links. Before, every
 * description was stored as typed and neutralised whenever it was shown, so no stored text says
 * who wrote it. Players could only describe their own characters (`desc`, `charcreate … =`), so
 * the descriptions of characters — objects an account owns, or whose typeclass is named like a
 * character — are stored neutralised here, line by line, and show exactly as they did. Rooms,
 * things and exits only builders and game code could describe: their colour renders from now
 * on. A builder's colour on a character is shown as typed, as before, until written again.
 *
 * The neutralising is the one of this release (the function is imported, as migration 2 does
 * with its skeletons): a later change to it must not edit this file's meaning.
 */
import { sql, type Kysely } from 'kysely';
import { neutralise } from '../../../shared/markup/neutralise.ts';
import { decodeValue, encodeValue } from '../attribute-codec.ts';
import type { Migration } from './migration.ts';

/** A description as it was shown before: each line neutralised, line breaks kept. */
export function neutraliseDescription(desc: string): string {
  return desc
    .split(/\r\n|\r|\n/)
    .map(neutralise)
    .join('\n');
}

async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ owner_id: number; value: string }>`
    select a.owner_id, a.value from attributes a join objects o on o.id = a.owner_id
    where a.owner_kind = 'object' and a.category = '' and a.name = 'desc'
      and (o.account_id is not null or lower(o.typeclass) like '%character%')`.execute(db);
  for (const { owner_id: id, value } of rows) {
    const what = `attribute 'desc' of object #${id}`;
    const desc = decodeValue(value, what);
    if (typeof desc !== 'string') continue;
    const safe = neutraliseDescription(desc);
    if (safe === desc) continue;
    await sql`update attributes set value = ${encodeValue(safe, what)}
      where owner_kind = 'object' and owner_id = ${id} and category = '' and name = 'desc'`.execute(
      db,
    );
  }
}

export const playerDescriptions: Migration = { version: 6, name: '006-player-descriptions', up };
