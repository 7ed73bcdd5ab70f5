/**
 * The line editor as a player uses it (WorldTestKit): editing a description line by line with
 * `:i`, `:r`, `:dd`, `:u`, saving with `:w`, the refusals (`:q` with unsaved changes, bounds,
 * permission at save), and the text kept through a reload.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorldTestKit, type KitPlayer } from '../commands/default/character/world-test-kit.ts';
import { MAX_DESC_LENGTH } from '../commands/default/builder/describe.ts';
import { editDescription, editHelpEntry } from './default-editors.ts';
import { EDITOR_KEY } from './editor-record.ts';
import { EDITOR_CMDSET, EDITOR_MESSAGES } from './line-editor.ts';

let kit: WorldTestKit;
let ann: KitPlayer;

beforeEach(async () => {
  kit = await WorldTestKit.open();
  ann = await kit.player('Ann');
  ann.character.db.desc = 'A tall woman.';
});

afterEach(async () => {
  await kit.close();
});

/** Opens the editor on Ann's own description, as `desc/edit` does; what she was shown. */
function editOwnDescription(player: KitPlayer): string {
  player.take();
  editDescription(kit.services, player.session, player.character, player.character);
  return player.take().join('\n');
}

describe('the line editor on a description', () => {
  it('edits line by line, undoes, refuses to quit unsaved, and saves', async () => {
    const opened = editOwnDescription(ann);
    expect(opened).toContain('Line editor: your description');
    expect(opened).toContain('  1| A tall woman.');

    expect(await kit.typeText(ann, 'Her eyes are grey.')).toContain('  2| Her eyes are grey.');
    expect(await kit.typeText(ann, ':i 1 Ann stands here.')).toContain('Inserted line 1.');
    expect(await kit.typeText(ann, ':r 2 A very tall woman.')).toContain('Replaced line 2.');
    expect(await kit.typeText(ann, ':dd 1')).toContain('Deleted line 1.');
    expect(await kit.typeText(ann, ':u')).toContain(EDITOR_MESSAGES.undone);
    const listed = await kit.typeText(ann, ':p');
    expect(listed).toMatch(
      /1\| Ann stands here\.\n\s+2\| A very tall woman\.\n\s+3\| Her eyes are grey\./,
    );
    expect(listed).toContain('[3 lines,');

    // Nothing is stored until :w; :q will not throw the changes away.
    expect(ann.character.db.desc).toBe('A tall woman.');
    expect(await kit.typeText(ann, ':q')).toContain(EDITOR_MESSAGES.unsaved);
    expect(await kit.typeText(ann, ':w')).toContain('You set your description.');
    expect(ann.character.db.desc).toBe('Ann stands here.\nA very tall woman.\nHer eyes are grey.');
    expect(await kit.typeText(ann, ':q')).toContain(EDITOR_MESSAGES.quit);
    expect(ann.session.serverData[EDITOR_KEY]).toBeUndefined();
    // Commands are back, and others see the new description.
    const bob = await kit.player('Bob');
    expect(await kit.typeText(bob, 'look Ann')).toContain('A very tall woman.');
  });

  it('throws the changes away with :q!, and deletes the last line with a bare :dd', async () => {
    editOwnDescription(ann);
    await kit.typeText(ann, 'A second line.');
    expect(await kit.typeText(ann, ':dd')).toContain('Deleted line 2.');
    await kit.typeText(ann, 'Another line.');
    expect(await kit.typeText(ann, ':q!')).toContain(EDITOR_MESSAGES.quitUnsaved);
    expect(ann.character.db.desc).toBe('A tall woman.');
    expect(await kit.typeText(ann, 'look')).toContain('Limbo');
  });

  it('says what is wrong: lines that do not exist, unknown commands, nothing to undo', async () => {
    editOwnDescription(ann);
    expect(await kit.typeText(ann, ':u')).toContain(EDITOR_MESSAGES.nothingToUndo);
    expect(await kit.typeText(ann, ':r 5 text')).toContain(
      'There is no line 5 (the text has 1 line).',
    );
    expect(await kit.typeText(ann, ':i 3 text')).toContain('You can insert at lines 1 to 2.');
    expect(await kit.typeText(ann, ':zap')).toContain('is not an editor command');
    expect(await kit.typeText(ann, ':h')).toContain(':dd [l]');
    expect(await kit.typeText(ann, ':DD')).toContain('Deleted every line (1).');
    expect(await kit.typeText(ann, ':dd')).toContain('There are no lines yet.');
  });

  it("keeps a player's text as typed: markup is neither rendered nor doubled on the way round", async () => {
    editOwnDescription(ann);
    await kit.typeText(ann, ':DD');
    await kit.typeText(ann, 'I wear |rred|n.');
    await kit.typeText(ann, ':wq');
    // Stored neutralised: it shows as typed, not in red.
    expect(ann.character.db.desc).toBe('I wear ||rred||n.');
    const reopened = editOwnDescription(ann);
    expect(reopened).toContain('1| I wear ||rred||n.');
    await kit.typeText(ann, ':w');
    expect(ann.character.db.desc).toBe('I wear ||rred||n.');
  });

  it("holds a player's description to its bound", async () => {
    editOwnDescription(ann);
    const line = 'x'.repeat(MAX_DESC_LENGTH - 20);
    await kit.typeText(ann, line);
    expect(await kit.typeText(ann, 'y'.repeat(40))).toContain(
      `at most ${MAX_DESC_LENGTH} characters`,
    );
  });

  it('checks at :w that the writer may still describe what they edit', async () => {
    const bo = await kit.player('Bo', { permissions: ['Builder'] });
    const statue = await kit.objects.create({
      typeclass: 'DefaultObject',
      key: 'statue',
      location: kit.limbo,
      locks: `control:id(${bo.character.id});edit:id(${bo.character.id})`,
    });
    bo.take();
    editDescription(kit.services, bo.session, statue, bo.character);
    expect(bo.take().join('\n')).toContain('Line editor: the description of statue');
    await kit.typeText(bo, 'A |gmossy|n statue.');
    statue.locks.replace('control:false();edit:false()');
    expect(await kit.typeText(bo, ':w')).toContain('You may no longer describe statue.');
    expect(statue.db.desc).toBeUndefined();
    statue.locks.replace(`control:id(${bo.character.id})`);
    expect(await kit.typeText(bo, ':wq')).toContain('The description was set on statue.');
    // A builder's markup is kept as markup.
    expect(statue.db.desc).toBe('A |gmossy|n statue.');
  });
});

describe('desc/edit', () => {
  it('opens the editor on your own description, or on what you may edit', async () => {
    expect(await kit.typeText(ann, 'desc/edit')).toContain('1| A tall woman.');
    await kit.typeText(ann, 'Freckled.');
    expect(await kit.typeText(ann, ':wq')).toContain('You set your description.');
    expect(await kit.typeText(ann, 'desc')).toContain('A tall woman.\nFreckled.');

    await kit.objects.create({ typeclass: 'DefaultObject', key: 'lamp', location: kit.limbo });
    expect(await kit.typeText(ann, 'desc/edit lamp')).toContain(
      "You don't have permission to describe lamp.",
    );
    expect(await kit.typeText(ann, 'desc/edit nothing')).toContain("Could not find 'nothing'");
    expect(ann.session.serverData[EDITOR_KEY]).toBeUndefined();
  });
});

describe('the line editor through a reload', () => {
  it('keeps the text, the unsaved changes and the undo history', async () => {
    editOwnDescription(ann);
    await kit.typeText(ann, 'Typed before the reload.');
    await kit.typeText(ann, ':r 1 Changed before the reload.');
    expect(ann.session.serverData['cmdsets']).toEqual(['', EDITOR_CMDSET]);

    const resumed = (await kit.reloadSession(ann)).join('\n');
    expect(resumed).toContain('you are still editing your description (unsaved)');
    expect(await kit.typeText(ann, ':p')).toContain('1| Changed before the reload.');
    await kit.typeText(ann, ':u');
    expect(await kit.typeText(ann, ':p')).toContain('1| A tall woman.');
    expect(await kit.typeText(ann, ':wq')).toContain('You set your description.');
    expect(ann.character.db.desc).toBe('A tall woman.\nTyped before the reload.');
  });
});

describe('the line editor on a help entry', () => {
  it('writes the entry for a builder, and refuses anyone else at :w', async () => {
    const bo = await kit.player('Bo', { permissions: ['Builder'] });
    expect(await kit.typeText(bo, 'sethelp/edit lore')).toContain("Line editor: help entry 'lore'");
    await kit.typeText(bo, 'The world is old.');
    await kit.typeText(bo, '');
    await kit.typeText(bo, 'Older than the hills.');
    expect(await kit.typeText(bo, ':wq')).toContain("Help entry 'lore' saved");
    expect(kit.help.find('lore')?.text).toBe('The world is old.\n\nOlder than the hills.');
    expect(kit.help.find('lore')?.category).toBe('General');
    // Opened again, it starts from the text as written.
    expect(await kit.typeText(bo, 'sethelp/edit lore')).toContain('3| Older than the hills.');
    await kit.typeText(bo, ':q');

    // A player has no sethelp; had they the editor open on an entry, :w would refuse them.
    editHelpEntry(kit.services, ann.session, 'lore');
    await kit.typeText(ann, 'Defaced.');
    expect(await kit.typeText(ann, ':w')).toContain('You may not write help entries');
    expect(kit.help.find('lore')?.text).toBe('The world is old.\n\nOlder than the hills.');
    await kit.typeText(ann, ':q!');
  });
});
