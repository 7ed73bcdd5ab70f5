import { describe, expect, it } from 'vitest';
import type { LockSubject } from '../locks/lock-subject.ts';
import { thirdPerson } from './conjugate.ts';
import {
  escapeInlineFuncs,
  InlineFuncRegistry,
  type InlineContext,
  type StanceEntity,
} from './inline-funcs.ts';

/** An object as messages name it; `seenBy` gives one reader another name (a builder's id). */
function entity(
  key: string,
  options: {
    article?: string;
    gender?: string;
    character?: boolean;
    seenBy?: Map<unknown, string>;
  } = {},
): StanceEntity {
  const self: StanceEntity = {
    permissions: [],
    isSuperuser: false,
    account: null,
    db: options.gender === undefined ? {} : { gender: options.gender },
    isCharacter: options.character ?? true,
    getDisplayName: (looker: LockSubject | null) => options.seenBy?.get(looker) ?? key,
    getIndefiniteName: (looker: LockSubject | null) =>
      `${options.article === undefined ? '' : `${options.article} `}${self.getDisplayName(looker)}`,
    getDefiniteName: (looker: LockSubject | null) =>
      `${options.article === undefined ? '' : 'the '}${self.getDisplayName(looker)}`,
  } as unknown as StanceEntity;
  return self;
}

const registry = new InlineFuncRegistry();
const ann = entity('Ann', { gender: 'female' });
const bob = entity('Bob');
const door = entity('door', { article: 'a', character: false });

function render(text: string, viewer: StanceEntity | null, more: Partial<InlineContext> = {}) {
  return registry.render(text, { viewer, actor: ann, mapping: { door }, names: 'viewer', ...more });
}

describe('inline functions: actor stance', () => {
  it('reads right for the actor and for everyone else', () => {
    const text =
      '$You() $conj(open) $obj(door, the). $Pron(you) $conj(are) proud of $pron(yourself).';
    expect(render(text, ann)).toBe('You open the door. You are proud of yourself.');
    expect(render(text, bob)).toBe('Ann opens the door. She is proud of herself.');
  });

  it('names mapped objects and other people as the reader sees them', () => {
    const seenBy = new Map<unknown, string>([[bob, 'lantern(#7)']]);
    const lantern = entity('lantern', { article: 'a', character: false, seenBy });
    const mapping = { lantern, carl: entity('Carl') };
    const text = '$You() $conj(give) $obj(lantern, a) to $you(carl).';
    expect(render(text, bob, { mapping })).toBe('Ann gives a lantern(#7) to Carl.');
    expect(render(text, mapping.carl, { mapping })).toBe('Ann gives a lantern to you.');
    // 'plain': one name for every reader.
    expect(render(text, bob, { mapping, names: 'plain' })).toBe('Ann gives a lantern to Carl.');
  });

  it('takes pronouns from the gender attribute; they for characters, it for things', () => {
    const they = entity('Kim');
    const cat = entity('cat', { article: 'a', character: false });
    const line = '$Pron(you) $conj(stretch) $pron(your) legs; the bed is $pron(yours).';
    // "They" takes a plural verb; the name before it a singular one.
    expect(render(line, bob, { actor: they })).toBe('They stretch their legs; the bed is theirs.');
    expect(render('$You() $conj(yawn); $pron(you) $conj(are) tired.', bob, { actor: they })).toBe(
      'Kim yawns; they are tired.',
    );
    expect(render(line, bob, { actor: cat })).toBe('It stretches its legs; the bed is its.');
    expect(render('$pron(you, op)', bob)).toBe('her');
    expect(render('$pron(you, op, male)', bob)).toBe('him');
    expect(render('$pron(he)', ann)).toBe('you');
  });

  it('conjugates the verbs games use', () => {
    const cases: Array<[string, string]> = [
      ['open', 'opens'],
      ['kiss', 'kisses'],
      ['wash', 'washes'],
      ['try', 'tries'],
      ['play', 'plays'],
      ['are', 'is'],
      ['have', 'has'],
      ['do', 'does'],
      ["don't", "doesn't"],
      ['can', 'can'],
      ['Pick up', 'Picks up'],
    ];
    for (const [verb, third] of cases) expect(thirdPerson(verb)).toBe(third);
  });

  it('leaves what is not a call as written; $$ is a dollar', () => {
    expect(render('It costs $5 and $unknown() and $You', bob)).toBe(
      'It costs $5 and $unknown() and $You',
    );
    expect(render('$obj(window) $you(nobody) $You(', bob)).toBe('$obj(window) $you(nobody) $You(');
    expect(render('$$You() pays $$5', bob)).toBe('$You() pays $5');
    expect(render('$You(\n) $conj(open (it))', bob)).toBe('$You(\n) $conj(open (it))');
  });

  it('never runs what a player wrote, once escaped', () => {
    const typed = 'I $conj(am) $You() $$pron(you)';
    expect(render(`$You() $conj(say), "${escapeInlineFuncs(typed)}"`, bob)).toBe(
      `Ann says, "${typed}"`,
    );
  });

  it('runs a game’s own functions; a failing one is a GAME_CODE error naming it', () => {
    const games = new InlineFuncRegistry();
    games.register('shout', (args) => args.join(' ').toUpperCase());
    games.register('broken', () => {
      throw new Error('no weather');
    });
    const ctx = { viewer: bob, actor: ann, mapping: {}, names: 'viewer' as const };
    expect(games.render('$You() $conj(shout) "$shout(hey, you)"', ctx)).toBe(
      'Ann shouts "HEY YOU"',
    );
    expect(() => games.render('$broken()', ctx)).toThrow(/\$broken\(\) failed: no weather/);
    expect(() => games.register('2bad', () => '')).toThrow(/must be a name/);
    expect(registry.has('shout')).toBe(false);
  });
});
