/**
 * Migration 6 on every backend: descriptions players wrote before markup trust (stored as
 * typed) are stored neutralised, so they keep showing as typed; builders' descriptions of
 * rooms and things are left as written, so their colour now renders.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../migrator.ts';
import { backendCases, silentLog, useBackend } from '../test-support.ts';
import { playerDescriptions } from './006-player-descriptions.ts';
import { MIGRATIONS } from './index.ts';

const BEFORE = MIGRATIONS.filter((m) => m.version < playerDescriptions.version);

describe.each(backendCases())('migration 6 on $name', ({ name, skipReason }) => {
  describe.skipIf(skipReason !== '')(
    skipReason === '' ? 'descriptions' : `SKIPPED: ${skipReason}`,
    () => {
      const fx = useBackend(name);

      it("neutralises characters' descriptions and keeps builders' markup", async () => {
        const target = await fx.fresh();
        const raw = await fx.raw(target);
        expect(MIGRATIONS[playerDescriptions.version - 1]).toBe(playerDescriptions);
        await migrate(raw, silentLog, BEFORE);
        await sql`insert into accounts (name, name_key, password_hash, typeclass, created_at)
        values ('Ann', 'ann', 'x', 'DefaultAccount', '2024-01-01')`.execute(raw.db);
        const objects: Array<[string, string, number | null, unknown]> = [
          // key, typeclass, account, desc
          ['Ann', 'DefaultCharacter', 1, 'A |rred|n cloak.\nSecond |lcquit|ltline|le.'],
          ['Orphan', 'Character', null, 'Bold |hclaim|n'],
          ['Garden', 'DefaultRoom', null, 'A |ggreen|n garden.'],
          ['Plain', 'DefaultCharacter', null, 'Nothing to change.'],
          ['Odd', 'DefaultCharacter', null, { not: 'a string' }],
        ];
        for (const [key, typeclass, accountId, desc] of objects) {
          await sql`insert into objects (typeclass, key, account_id, locks, created_at)
          values (${typeclass}, ${key}, ${accountId}, '', '2024-01-01')`.execute(raw.db);
          await sql`insert into attributes (owner_kind, owner_id, category, name, value)
          values ('object', (select id from objects where key = ${key}), '', 'desc',
            ${JSON.stringify(desc)})`.execute(raw.db);
        }
        expect(await migrate(raw, silentLog)).toContain('006-player-descriptions');

        const { rows } = await sql<{ key: string; value: string }>`
        select o.key, a.value from attributes a join objects o on o.id = a.owner_id
        where a.name = 'desc' order by o.key`.execute(raw.db);
        const descs = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
        expect(descs).toEqual({
          Ann: 'A ||rred||n cloak.\nSecond ||lcquit||ltline||le.',
          Orphan: 'Bold ||hclaim||n',
          Garden: 'A |ggreen|n garden.',
          Plain: 'Nothing to change.',
          Odd: { not: 'a string' },
        });
      });
    },
  );
});
