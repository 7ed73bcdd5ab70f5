/**
 * The storage contract for builders' content (migration 5), on every backend: stored prototypes
 * and help entries keep what was saved, one row per name whatever its case, and change with the
 * transaction they were written in.
 */
import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../../shared/errors.ts';
import { objectRef } from '../entity-ref.ts';
import { backendCases, useBackend } from '../test-support.ts';

describe.each(backendCases())('prototypes and help entries on $name', ({ name, skipReason }) => {
  describe.skipIf(skipReason !== '')(
    skipReason === '' ? 'contract' : `SKIPPED: ${skipReason}`,
    () => {
      const fx = useBackend(name);

      it('keeps a prototype as saved, replaced by a save under the same key in any case', async () => {
        const storage = await fx.open();
        const data = {
          key: 'goblin',
          attributes: { hp: { $random: [5, 10] }, owner: objectRef(1), when: new Date(0) },
          tags: ['monster', ['goblin', 'race']],
        };
        await storage.prototypes.save({ key: 'Goblin', data });
        await storage.prototypes.save({ key: 'orc', data: { key: 'orc' } });
        const [goblin, orc] = await storage.prototypes.list();
        expect(goblin?.key).toBe('Goblin');
        expect(goblin?.data).toEqual(data);
        expect(goblin?.createdAt).toBeInstanceOf(Date);
        expect(orc?.key).toBe('orc');
        await storage.prototypes.save({ key: 'GOBLIN', data: { key: 'big goblin' } });
        const after = await storage.prototypes.list();
        expect(after.map((r) => [r.key, r.data])).toEqual([
          ['GOBLIN', { key: 'big goblin' }],
          ['orc', { key: 'orc' }],
        ]);
        expect(await storage.prototypes.delete('goblin')).toBe(true);
        expect(await storage.prototypes.delete('goblin')).toBe(false);
        expect((await storage.prototypes.list()).map((r) => r.key)).toEqual(['orc']);
      });

      it('refuses a prototype value it cannot store, before touching the database', async () => {
        const storage = await fx.open();
        let caught: unknown;
        try {
          await storage.prototypes.save({ key: 'bad', data: { hp: Number.NaN } });
        } catch (err) {
          caught = err;
        }
        expect(isWaystoneError(caught, 'STORAGE_BAD_VALUE')).toBe(true);
        expect(await storage.prototypes.list()).toEqual([]);
      });

      it('keeps a help entry with its category, aliases and locks; one per topic in any case', async () => {
        const storage = await fx.open();
        const entry = {
          key: 'The Gods',
          category: 'Lore',
          aliases: ['gods', 'pantheon'],
          text: 'In the |ybeginning|n…\nthere was dark.',
          locks: 'view:perm(Builder)',
        };
        await storage.helpEntries.save(entry);
        const [stored] = await storage.helpEntries.list();
        expect(stored).toMatchObject(entry);
        expect(stored?.updatedAt).toBeInstanceOf(Date);
        await storage.helpEntries.save({ ...entry, key: 'the gods', text: 'Rewritten.' });
        const all = await storage.helpEntries.list();
        expect(all).toHaveLength(1);
        expect(all[0]).toMatchObject({
          key: 'the gods',
          text: 'Rewritten.',
          aliases: entry.aliases,
        });
        expect(await storage.helpEntries.delete('THE GODS')).toBe(true);
        expect(await storage.helpEntries.list()).toEqual([]);
      });

      it('rolls prototypes and help entries back with the transaction that wrote them', async () => {
        const storage = await fx.open();
        await storage
          .transaction(async (tx) => {
            await tx.prototypes.save({ key: 'ghost', data: {} });
            await tx.helpEntries.save({
              key: 'ghost',
              category: 'Lore',
              aliases: [],
              text: 'Boo.',
              locks: '',
            });
            throw new Error('changed my mind');
          })
          .catch(() => undefined);
        expect(await storage.prototypes.list()).toEqual([]);
        expect(await storage.helpEntries.list()).toEqual([]);
      });
    },
  );
});
