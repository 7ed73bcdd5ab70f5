/**
 * Test-only: opens a storage from the command line and prints the outcome as one JSON line.
 * The SQLite file-permission tests run it as an unprivileged user, since root may write to a
 * read-only file and would never see the error being tested.
 *   node --import tsx test-open-probe.ts <gameDir> <databaseFile>
 */
import { pino } from 'pino';
import { isWaystoneError } from '../../shared/errors.ts';
import { openStorage } from './open-storage.ts';

const [gameDir = '', databaseFile = ''] = process.argv.slice(2);
try {
  const storage = await openStorage({
    gameDir,
    databaseUrl: '',
    databaseFile,
    log: pino({ level: 'silent' }),
    busyTimeoutMs: 200,
  });
  await storage.close();
  console.log(JSON.stringify({ ok: true }));
} catch (err) {
  console.log(
    JSON.stringify({
      ok: false,
      code: isWaystoneError(err) ? err.code : null,
      message: err instanceof Error ? err.message : String(err),
    }),
  );
}
