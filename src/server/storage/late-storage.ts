/**
 * A Storage that is opened after the parts that use it were built. A Server prepares itself —
 * accounts, objects, commands, the game's own setup — before it may touch the database (during a
 * reload the old Server still owns the world), and is handed the real storage once the old one
 * has gone. Until then any use is a clear error, not a silent read of a world that is about to
 * change: a game's `setup` must not read the database (build the world in `onWorldCreated`).
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { Storage } from './types.ts';

export interface LateStorage {
  /** Stands in for the real storage; every property is read from it once bound. */
  readonly storage: Storage;
  bind(real: Storage): void;
}

export function lateStorage(): LateStorage {
  let real: Storage | null = null;
  const storage = new Proxy({} as Storage, {
    get(_target, key) {
      if (real === null) {
        throw new WaystoneError(
          'STORAGE_CLOSED',
          `storage.${String(key)} was used before the database was opened: a game's setup(game) ` +
            'runs before the world loads; build or read the world in onWorldCreated or in commands.',
        );
      }
      const value: unknown = Reflect.get(real, key, real);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(real)
        : value;
    },
  });
  return {
    storage,
    bind(next) {
      real = next;
    },
  };
}
