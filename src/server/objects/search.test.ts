import { describe, expect, it } from 'vitest';
import { matchObjects, parseQuery, type Searchable } from './search.ts';

const thing = (id: number, key: string, aliases: string[] = []): Searchable => ({
  id,
  key,
  aliases: { all: () => aliases },
});

const red = thing(1, 'red sword');
const blue = thing(2, 'Blue Sword', ['blade']);
const shield = thing(3, 'shield');
const odd = thing(4, '2-sword');
const me = thing(10, 'Hero');
const room = thing(11, 'Limbo');
const all = [red, blue, shield];

describe('parseQuery', () => {
  it('splits a numbered pick from the name', () => {
    expect(parseQuery(' 2-sword ')).toEqual({ text: 'sword', nth: 2 });
    expect(parseQuery('sword')).toEqual({ text: 'sword', nth: null });
    expect(parseQuery('2-')).toEqual({ text: '2-', nth: null });
  });
});

describe('matchObjects', () => {
  it('matches a key or an alias exactly, ignoring case', () => {
    expect(matchObjects('SHIELD', all)).toEqual([shield]);
    expect(matchObjects('blue sword', all)).toEqual([blue]);
    expect(matchObjects('Blade', all)).toEqual([blue]);
  });

  it('prefers an exact match over partial ones', () => {
    const sword = thing(5, 'sword');
    expect(matchObjects('sword', [red, sword, blue])).toEqual([sword]);
  });

  it('matches a prefix of the key, or prefixes of its words in order', () => {
    expect(matchObjects('sh', all)).toEqual([shield]);
    expect(matchObjects('sword', all)).toEqual([red, blue]);
    expect(matchObjects('red sw', all)).toEqual([red]);
    expect(matchObjects('sw red', all)).toEqual([]);
    expect(matchObjects('bla', all)).toEqual([blue]);
  });

  it('picks the Nth of several matches with N-name, in candidate order', () => {
    expect(matchObjects('1-sword', all)).toEqual([red]);
    expect(matchObjects('2-sword', all)).toEqual([blue]);
    expect(matchObjects('3-sword', all)).toEqual([]);
    expect(matchObjects('0-sword', all)).toEqual([]);
    expect(matchObjects('2-sw', all)).toEqual([blue]);
  });

  it('matches a key that literally looks like a pick before picking', () => {
    expect(matchObjects('2-sword', [red, blue, odd])).toEqual([odd]);
  });

  it('knows me, self and here', () => {
    expect(matchObjects('me', all, { me, here: room })).toEqual([me]);
    expect(matchObjects('Self', all, { me, here: room })).toEqual([me]);
    expect(matchObjects('HERE', all, { me, here: room })).toEqual([room]);
    expect(matchObjects('here', all, { me, here: null })).toEqual([]);
  });

  it('finds #id among the candidates only', () => {
    expect(matchObjects('#3', all)).toEqual([shield]);
    expect(matchObjects('#99', all)).toEqual([]);
  });

  it('returns nothing for blank input or no match, and each candidate once', () => {
    expect(matchObjects('  ', all)).toEqual([]);
    expect(matchObjects('axe', all)).toEqual([]);
    expect(matchObjects('shield', [shield, shield])).toEqual([shield]);
  });
});
