import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { parsePrototype, parsePrototypeJson } from './validate.ts';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isWaystoneError(err, 'PROTOTYPE_INVALID')) return err.message;
    throw err;
  }
  throw new Error('expected PROTOTYPE_INVALID');
}

describe('parsing a prototype', () => {
  it('keeps every known field, trimmed, and names it from outside the JSON when given', () => {
    const p = parsePrototypeJson(
      '{"key": " goblin ", "typeclass": "DefaultObject", "prototypeParent": ["monster"],' +
        ' "attributes": {"hp": {"$random": [5, 10]}}, "tags": ["monster", ["goblin", "race"]],' +
        ' "aliases": ["gob"], "locks": "get:false()", "home": "#2", "location": " #3 "}',
      'Goblin',
    );
    expect(p).toEqual({
      prototypeKey: 'Goblin',
      key: 'goblin',
      typeclass: 'DefaultObject',
      prototypeParent: ['monster'],
      attributes: { hp: { $random: [5, 10] } },
      tags: ['monster', ['goblin', 'race']],
      aliases: ['gob'],
      locks: 'get:false()',
      home: '#2',
      location: '#3',
    });
  });

  it("accepts Evennia's snake_case names", () => {
    expect(
      parsePrototype({ prototype_key: 'orc', prototype_parent: 'monster', attrs: { hp: 3 } }),
    ).toEqual({ prototypeKey: 'orc', prototypeParent: 'monster', attributes: { hp: 3 } });
  });

  it('says what is wrong, field by field', () => {
    expect(message(() => parsePrototypeJson('{"key": "x",}', 'p'))).toMatch(/not valid JSON/);
    expect(message(() => parsePrototypeJson('[1]', 'p'))).toMatch(/must be a JSON object/);
    expect(message(() => parsePrototype({ key: 'x' }))).toMatch(/prototypeKey must be/);
    expect(message(() => parsePrototype({ prototypeKey: 'p', desc: 'A goblin.' }))).toMatch(
      /Unknown prototype field 'desc'.*"attributes"/,
    );
    expect(message(() => parsePrototype({ prototypeKey: 'p', tags: [['a']] }))).toMatch(
      /tags\[0\] must be "tag" or \["tag", "category"\]/,
    );
    expect(message(() => parsePrototype({ prototypeKey: 'p', location: 'here' }))).toMatch(
      /location must be an object's #id/,
    );
    expect(
      message(() => parsePrototype({ prototypeKey: 'p', attributes: { hp: Number.NaN } })),
    ).toMatch(/attributes.hp.*NaN/);
    expect(message(() => parsePrototype({ prototypeKey: 'p', key: { $pick: [] } }))).toMatch(
      /key \$pick takes a non-empty list/,
    );
    expect(message(() => parsePrototype({ prototypeKey: 'x'.repeat(81) }))).toMatch(
      /longer than 80/,
    );
    expect(message(() => parsePrototypeJson(`{"key": "${'x'.repeat(70_000)}"}`, 'p'))).toMatch(
      /too large/,
    );
  });
});
