/**
 * The text tools as a game author meets them in the WorldTestKit: a command's table at the
 * client's width and for a screen reader, `look` at a long text paged with next/back/top/end/
 * quit, and one actor-stance message as the actor and another player read it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Command } from '../commands/command.ts';
import { WorldTestKit, type KitPlayer } from '../commands/default/character/world-test-kit.ts';
import type { GameSetup } from '../game-setup.ts';
import type { DefaultObject } from '../objects/object.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

/** A game's own listing: what a game author writes with `this.table`. */
class CmdRoster extends Command {
  override key = 'roster';
  func(): void {
    const rows = [
      ['Ann', 'Keeper of the Bell Tower, who rings the hours', '3m'],
      ['Bartholomew', 'Cellarer', '2h 5m'],
      ['Cy', '', '12s'],
    ];
    this.msg(
      this.table({
        columns: [{ header: 'Name' }, { header: 'Office' }, { header: 'Idle', align: 'right' }],
        rows,
        border: 'unicode',
      }),
    );
  }
}

/** `unbolt <thing>`: one message for the room, in actor stance. */
class CmdUnbolt extends Command {
  override key = 'unbolt';
  func(): void {
    const me = this.caller as DefaultObject;
    const thing = me.search(this.args.trim());
    if (thing === null) return;
    me.location?.msgContents(
      '$You() $conj(unbolt) $obj(thing, the), and $pron(your) hands shake.',
      {
        from: me,
        mapping: { thing },
        inlineFuncs: true,
      },
    );
  }
}

function setup(game: GameSetup): void {
  game.extendCmdSet('account', (set) => set.add([new CmdRoster(), new CmdUnbolt()]));
}

function width(player: KitPlayer, columns: number): void {
  player.session.protocolFlags['SCREENWIDTH'] = columns;
}

describe('tables in a command', () => {
  it('fits 120 columns, 40 columns and a screen reader', async () => {
    kit = await WorldTestKit.open({ setup });
    const ann = await kit.player('Ann');
    width(ann, 120);
    expect(await kit.type(ann, 'roster')).toEqual([
      [
        '┌─────────────┬───────────────────────────────────────────────┬───────┐',
        '│ Name        │ Office                                        │  Idle │',
        '╞═════════════╪═══════════════════════════════════════════════╪═══════╡',
        '│ Ann         │ Keeper of the Bell Tower, who rings the hours │    3m │',
        '│ Bartholomew │ Cellarer                                      │ 2h 5m │',
        '│ Cy          │                                               │   12s │',
        '└─────────────┴───────────────────────────────────────────────┴───────┘',
      ].join('\n'),
    ]);
    width(ann, 40);
    expect(await kit.type(ann, 'roster')).toEqual([
      [
        '┌─────────────┬─────────────────┬──────┐',
        '│ Name        │ Office          │ Idle │',
        '╞═════════════╪═════════════════╪══════╡',
        '│ Ann         │ Keeper of the   │   3m │',
        '│             │ Bell Tower, who │      │',
        '│             │ rings the hours │      │',
        '│ Bartholomew │ Cellarer        │   2h │',
        '│             │                 │   5m │',
        '│ Cy          │                 │  12s │',
        '└─────────────┴─────────────────┴──────┘',
      ].join('\n'),
    ]);
    ann.session.protocolFlags['SCREENREADER'] = true;
    expect(await kit.type(ann, 'roster')).toEqual([
      [
        'Name: Ann; Office: Keeper of the Bell Tower, who rings the hours; Idle: 3m',
        'Name: Bartholomew; Office: Cellarer; Idle: 2h 5m',
        'Name: Cy; Idle: 12s',
      ].join('\n'),
    ]);
  });
});

describe('the pager', () => {
  /** A room whose description runs to 14 lines, and a way north to the Garden and back. */
  async function longRoom(): Promise<DefaultObject> {
    const desc = Array.from({ length: 14 }, (_, i) => `Line ${i + 1} of the long tale.`).join('\n');
    const hall = await kit.objects.create({
      typeclass: 'DefaultRoom',
      key: 'Hall',
      attributes: { desc },
    });
    const garden = await kit.objects.create({ typeclass: 'DefaultRoom', key: 'Garden' });
    await kit.objects.create({
      typeclass: 'DefaultExit',
      key: 'north',
      aliases: ['n'],
      location: hall,
      destination: garden,
    });
    await kit.objects.create({
      typeclass: 'DefaultExit',
      key: 'south',
      location: garden,
      destination: hall,
    });
    return hall;
  }

  /** A client 8 rows high that told the game so (NAWS): 6 rows of text a page. */
  function pagedClient(player: KitPlayer): void {
    player.session.protocolFlags['SCREENHEIGHT'] = 8;
    player.session.protocolFlags['AUTORESIZE'] = true;
  }

  it('pages a long look with next, Enter, back, top, end and quit', async () => {
    kit = await WorldTestKit.open({ setup });
    const hall = await longRoom();
    const ann = await kit.player('Ann', { location: hall });
    pagedClient(ann);
    const first = await kit.typeText(ann, 'look');
    expect(first.split('\n')).toEqual([
      '|cHall|n',
      'Line 1 of the long tale.',
      'Line 2 of the long tale.',
      'Line 3 of the long tale.',
      'Line 4 of the long tale.',
      'Line 5 of the long tale.',
      '|w[Page 1/3]|n Enter or n: next, b: back, t: top, e: end, q: quit',
    ]);
    // `n` is the next page, not the way north, while the pager is open.
    expect(await kit.typeText(ann, 'n')).toMatch(
      /^Line 6 of the long tale\.\n[\s\S]*Line 11 .*\n\|w\[Page 2\/3\]/,
    );
    expect(ann.character.location).toBe(hall);
    expect(await kit.typeText(ann, '')).toMatch(
      /^Line 12 [\s\S]*Line 14 [\s\S]*\|wExits:\|n north\n\|w\[Page 3\/3, the end\]/,
    );
    expect(await kit.typeText(ann, 'back')).toMatch(/^Line 6 [\s\S]*\[Page 2\/3\]/);
    expect(await kit.typeText(ann, 't')).toBe(first);
    expect(await kit.typeText(ann, 'e')).toMatch(/\[Page 3\/3, the end\]/);
    expect(await kit.typeText(ann, 'next')).toBe('Left the pager.');
    // Closed: `n` goes north again.
    expect(await kit.typeText(ann, 'n')).toMatch(/^\|cGarden/);
  });

  it('other input leaves the pager and runs as a command; quit leaves it', async () => {
    kit = await WorldTestKit.open({ setup });
    const hall = await longRoom();
    const ann = await kit.player('Ann', { location: hall });
    const bob = await kit.player('Bob', { location: hall });
    pagedClient(ann);
    await kit.type(ann, 'look');
    expect(await kit.typeText(ann, 'say Enough reading.')).toBe('You say, "Enough reading."');
    expect(bob.take()).toEqual(['Ann says, "Enough reading."']);
    expect(await kit.typeText(ann, 'n')).toMatch(/^\|cGarden/);
    await kit.type(ann, 'south');
    await kit.type(ann, 'look');
    expect(await kit.typeText(ann, 'q')).toBe('Left the pager.');
    expect(await kit.typeText(ann, 'n')).toMatch(/^\|cGarden/);
  });

  it('sends the whole text to a client that never reported its height, or turned paging off', async () => {
    kit = await WorldTestKit.open({ setup });
    const hall = await longRoom();
    const bob = await kit.player('Bob', { location: hall });
    const whole = await kit.typeText(bob, 'look');
    expect(whole).toMatch(/Line 1 [\s\S]*Line 14 [\s\S]*\|wExits:\|n north$/);
    pagedClient(bob);
    bob.session.protocolFlags['PAGER'] = false;
    expect(await kit.typeText(bob, 'look')).toBe(whole);
    // A short text is never paged.
    bob.session.protocolFlags['PAGER'] = true;
    expect(await kit.typeText(bob, 'look me')).not.toMatch(/\[Page/);
  });
});

describe('actor stance', () => {
  it('one message reads "You unbolt the door" to the actor, "Ann unbolts the door" to others', async () => {
    kit = await WorldTestKit.open({ setup });
    await kit.objects.create({
      typeclass: 'DefaultObject',
      key: 'door',
      location: kit.limbo,
      attributes: { article: 'the' },
    });
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob');
    ann.character.db.gender = 'female';
    expect(await kit.type(ann, 'unbolt door')).toEqual([
      'You unbolt the door, and your hands shake.',
    ]);
    expect(bob.take()).toEqual(['Ann unbolts the door, and her hands shake.']);
  });

  it('a pose never runs what the player wrote; moving announces in stance, as before', async () => {
    kit = await WorldTestKit.open({ setup });
    const garden = await kit.objects.create({ typeclass: 'DefaultRoom', key: 'Garden' });
    await kit.objects.create({
      typeclass: 'DefaultExit',
      key: 'east',
      location: kit.limbo,
      destination: garden,
    });
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob');
    expect(await kit.type(ann, 'pose $conj(wave)s at $You() for $$5.')).toEqual([
      'Ann $conj(wave)s at $You() for $$5.',
    ]);
    expect(bob.take()).toEqual(['Ann $conj(wave)s at $You() for $$5.']);
    await kit.type(ann, 'east');
    expect(bob.take()).toEqual(['Ann leaves for Garden.']);
  });
});
