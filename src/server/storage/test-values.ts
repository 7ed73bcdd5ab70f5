/**
 * Test-only: one value of every AttributeValue kind, awkward corners included, shared by the
 * codec's unit tests and the backend suite; and a stored account row for tests that need one
 * (objects owned by an account, characters).
 */
import type { AttributeValue, NewAccount } from './types.ts';

/** An account row as storage takes it: a player named `name`, with a well-formed hash. */
export const newAccountRow = (name: string, extra: Partial<NewAccount> = {}): NewAccount => ({
  name,
  nameKey: name.toLowerCase(),
  nameSkeleton: name.toLowerCase(),
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  email: null,
  typeclass: 'DefaultAccount',
  permissions: ['Player'],
  isSuperuser: false,
  isGuest: false,
  ...extra,
});

/** Every kind of AttributeValue, including the awkward corners. */
export const SAMPLE_VALUES: Array<[string, AttributeValue]> = [
  ['empty string', ''],
  ['string', 'hello'],
  ['unicode string', 'ÆØÅ 漢字 🐉 e\u0301'],
  ['control characters and NUL', 'a\u0000b\u0007c\n\t'],
  ['lone surrogate', '\ud800x'],
  ['zero', 0],
  ['negative zero', -0],
  ['negative integer', -42],
  ['float', 3.141592653589793],
  ['tiny float', 5e-324],
  ['max safe integer', Number.MAX_SAFE_INTEGER],
  ['infinity', Infinity],
  ['minus infinity', -Infinity],
  ['true', true],
  ['false', false],
  ['null', null],
  ['date', new Date('2024-02-29T12:34:56.789Z')],
  ['epoch date', new Date(0)],
  ['object ref', { $ref: 'object', id: 7 }],
  ['account ref', { $ref: 'account', id: 1 }],
  ['empty list', []],
  ['empty map', {}],
  ['nested list', [1, 'two', [3, [4, null]], { five: 5 }]],
  [
    'nested map',
    {
      name: 'sword',
      stats: { damage: [1, 6], weight: 2.5, magic: false },
      owner: { $ref: 'account', id: 3 },
      forged: new Date(86_400_000),
    },
  ],
  ['map with $-keys', { $ref: 'not a ref', $date: 'nope', $map: { $num: 1 }, plain: true }],
  ['map shaped like a tag', { $num: 'Infinity' }],
  ['map with __proto__ key', JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as AttributeValue],
  [
    'list of refs',
    [
      { $ref: 'object', id: 1 },
      { $ref: 'object', id: 2 },
    ],
  ],
  ['long string', 'x'.repeat(100_000)],
];
