/**
 * The text a player sees before logging in. It lives in the game directory (a plain text file,
 * so a game author edits it without code) and is read once at Server start; `{serverName}`
 * and `{version}` are filled in.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const FALLBACK =
  '{serverName}\n\nWelcome. Type "help" for the commands available here, or "quit" to leave.\n';

export async function loadConnectionScreen(
  gameDir: string,
  file: string,
  values: { serverName: string; version: string },
): Promise<string> {
  let template: string;
  try {
    template = await readFile(resolve(gameDir, file), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    template = FALLBACK;
  }
  return template.replace(
    /\{(serverName|version)\}/g,
    (_, key: 'serverName' | 'version') => values[key],
  );
}
