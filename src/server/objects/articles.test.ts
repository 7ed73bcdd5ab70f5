import { describe, expect, it } from 'vitest';
import { capitalize, definite, guessArticle, indefinite, isArticle } from './articles.ts';

describe('articles', () => {
  it('guesses a or an from how the name sounds', () => {
    expect(guessArticle('brass lantern')).toBe('a');
    expect(guessArticle('old map')).toBe('an');
    expect(guessArticle('iron key')).toBe('an');
    expect(guessArticle('unicorn')).toBe('a');
    expect(guessArticle('useful tool')).toBe('a');
    expect(guessArticle('uninvited guest')).toBe('an');
    expect(guessArticle('euro')).toBe('a');
    expect(guessArticle('one-eyed cat')).toBe('a');
    expect(guessArticle('onion')).toBe('an');
    expect(guessArticle('hour glass')).toBe('an');
    expect(guessArticle('honest man')).toBe('an');
    expect(guessArticle('horse')).toBe('a');
  });

  it('gives none to proper names, titles, numbers and names that carry an article', () => {
    for (const name of [
      'Ann',
      'Excalibur',
      'Bell Tower',
      'Limbo',
      '3 coins',
      'the bell',
      'an apple',
      'some water',
      '',
    ]) {
      expect(guessArticle(name), name).toBe('');
    }
  });

  it('puts the article in front, indefinite or definite', () => {
    expect(indefinite('brass lantern', 'a')).toBe('a brass lantern');
    expect(definite('brass lantern', 'a')).toBe('the brass lantern');
    expect(indefinite('water', 'some')).toBe('some water');
    expect(definite('water', 'some')).toBe('the water');
    expect(indefinite('Courtyard', 'the')).toBe('the Courtyard');
    expect(definite('Courtyard', 'the')).toBe('the Courtyard');
    expect(indefinite('Ann', '')).toBe('Ann');
    expect(definite('Limbo', '')).toBe('Limbo');
  });

  it('accepts only known articles from db.article, and capitalises a sentence start', () => {
    expect(['a', 'an', 'some', 'the', ''].every(isArticle)).toBe(true);
    expect(isArticle('teh')).toBe(false);
    expect(isArticle(3)).toBe(false);
    expect(capitalize('a lantern falls.')).toBe('A lantern falls.');
    expect(capitalize('Ann waves.')).toBe('Ann waves.');
    expect(capitalize('||r')).toBe('||r');
  });
});
