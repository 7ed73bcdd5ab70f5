/**
 * Menus and the line editor, black-box over telnet, in multisession mode 2 with the demo game's
 * character creation menu (game/menus/chargen.ts): the character screen is a menu at login;
 * "Create a character" walks the demo's chargen (name, description, confirm) with a
 * `waystone reload` in the middle; another session of the same account is untouched by the
 * menu; the screen's numbers play and delete characters while typed commands still work; and
 * a description written in the line editor survives a reload before `:wq`.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir, REPO_ROOT } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const FAST = {
  WAYSTONE_ARGON2_MEMORY_COST: '4096',
  WAYSTONE_ARGON2_TIME_COST: '1',
  WAYSTONE_ACCOUNT_CREATION_LIMIT: '50',
  WAYSTONE_MULTISESSION_MODE: '2',
};

const GAME = `
import type { GameSetup } from 'waystone';
import { chargen } from './menus/chargen.ts';
export default function setup(game: GameSetup): void {
  game.menus.register('chargen', chargen);
}
`;

const PASSWORD = '"pale moon rising"';

async function login(game: GameProcess, expected: string | RegExp): Promise<TelnetClient> {
  const c = await TelnetClient.open(game.telnetPort);
  await c.waitFor('Welcome');
  await c.exchange(`connect Ann ${PASSWORD}`, expected);
  return c;
}

async function reload(game: GameProcess, players: TelnetClient[]): Promise<void> {
  const marks = players.map((p) => p.text.length);
  const { code, out } = await game.launcher(['reload']);
  expect(out).toContain('Server reloaded.');
  expect(code).toBe(0);
  await game.waitForServer('running');
  await Promise.all(players.map((p, i) => p.waitFor('... Server restarted.', 20_000, marks[i])));
}

describe('the character menu and the demo chargen, over telnet (mode 2)', () => {
  let game: GameProcess;
  const open: TelnetClient[] = [];

  beforeAll(async () => {
    const dir = makeGameDir({}, GAME);
    mkdirSync(join(dir, 'menus'));
    copyFileSync(join(REPO_ROOT, 'game', 'menus', 'chargen.ts'), join(dir, 'menus', 'chargen.ts'));
    game = await GameProcess.start({ dir, env: FAST });
    const c = await TelnetClient.open(game.telnetPort);
    await c.waitFor('Welcome');
    await c.exchange(`create Ann ${PASSWORD}`, '[Y/n]');
    await c.exchange('y', 'was created');
    c.close();
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await game?.stop();
  });

  it('walks the menu to a new character, keeping its place through a reload', async () => {
    const s1 = await login(game, '1: Create a character');
    open.push(s1);
    expect(s1.text).toContain('You have no characters yet');
    expect(s1.text).toContain('Choose by number');

    await s1.exchange('1', 'Who will you be?');
    const refused = await s1.exchange('X', 'A character name is 2 to 30 letters');
    expect(refused).toContain('Who will you be?');
    await s1.exchange('Cora', 'how do others see Cora');

    // Mid-menu, the game reloads: the player is shown the same question again.
    const before = s1.text.length;
    await reload(game, [s1]);
    await s1.waitFor('how do others see Cora', 20_000, before);
    expect(s1.text.slice(before)).not.toContain('Who will you be?');

    const confirm = await s1.exchange(
      'A wiry courier with ink-stained fingers.',
      'Make this character?',
    );
    expect(confirm).toContain('Name:        Cora');
    expect(confirm).toContain('Description: A wiry courier with ink-stained fingers.');
    // Made; the character screen is back with the new character to play.
    const made = await s1.exchange('y', '1: Play Cora');
    expect(made).toContain('Cora is ready to play.');
    expect(made).toContain('Your characters (1 of 5)');
    expect(made).toMatch(/2: Create a character\s+3: Delete a character/);
  });

  it('runs on one session: another session of the account goes on with its commands', async () => {
    const s1 = await login(game, '1: Play Cora');
    open.push(s1);
    const s2 = await login(game, '1: Play Cora');
    open.push(s2);

    await s1.exchange('2', 'Who will you be?');
    // s1 waits in the chargen menu; s2's lines are its own commands (the screen lets them by).
    await s2.exchange('charcreate Dora', 'Created new character Dora.');
    await s2.exchange('sessions', 'Your sessions');
    // `quit` leaves the menu (not the game), and the screen shows both characters.
    const left = await s1.exchange('quit', '2: Play Dora');
    expect(left).toContain('You leave the menu.');
    expect(left).toContain('1: Play Cora');
    expect(s1.isClosed).toBe(false);

    // A typed command still works from the screen: it leaves the menu and runs.
    await s2.exchange('look', '1: Play Cora');
    await s2.exchange('ic Dora', 'You become Dora.');
    // The screen's number plays a character.
    await s1.exchange('1', 'You become Cora.');
    await s1.exchange('look', /^Limbo/m);

    // Delete Dora from s2's screen: a typed command that asks first runs from the screen too…
    await s2.exchange('ooc', '4: Delete a character');
    await s2.exchange('chardelete Dora', 'Delete Dora for good? This cannot be undone. [yes/no]');
    await s2.exchange('no', 'Deletion cancelled.');
    // …and so do the screen's numbers: the list, the pick, the confirmation.
    await s2.exchange('look', '4: Delete a character');
    const which = await s2.exchange('4', 'Which character do you want to delete');
    expect(which).toMatch(/1: Cora\s+2: Dora\s+b: Back/);
    await s2.exchange('2', 'Delete Dora for good?');
    const deleted = await s2.exchange('y', "Character 'Dora' was permanently deleted.");
    await s2.waitFor('Your characters (1 of 5)', 15_000, s2.text.length - deleted.length);
  });

  it('writes a description in the line editor, through a reload', async () => {
    const s = await login(game, '1: Play Cora');
    open.push(s);
    await s.exchange('ic Cora', 'You become Cora.');
    // Typed text is text in the editor: a nick does not rewrite it.
    await s.exchange('nick bb = say bye', 'now stands for');
    const opened = await s.exchange('desc/edit', 'Line editor: your description');
    expect(opened).toContain('1| A wiry courier with ink-stained fingers.');
    await s.exchange('Her boots are patched.', '2| Her boots are patched.');
    await s.exchange('bb', '3| bb');
    await s.exchange(':dd', 'Deleted line 3.');
    await s.exchange(':r 1 A wiry courier.', 'Replaced line 1.');

    const before = s.text.length;
    await reload(game, [s]);
    await s.waitFor('you are still editing your description (unsaved)', 20_000, before);

    // Unsaved changes are not thrown away by :q; :wq saves them.
    await s.exchange(':q', 'You have unsaved changes');
    await s.exchange(':wq', 'You set your description.');
    await s.exchange('look me', /A wiry courier\.\r?\nHer boots are patched\./);
  });
});
