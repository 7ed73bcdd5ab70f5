import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assignKinds,
  fillPlaceholders,
  loadProfile,
  parseMix,
  parseProfile,
  ProfileError,
  WAYSTONE_PROFILE,
} from './profile.ts';

const minimal = {
  name: 'tiny',
  greeting: 'Welcome',
  login: { connect: [{ send: 'connect {name} {password}', expect: 'Hello' }] },
  actions: {
    look: { send: 'look', expect: ['Exits', 'You see'] },
    wave: { send: 'wave', expect: { prompt: true } },
  },
  players: { looker: { weight: 3, actions: { look: 1 } }, idler: { weight: 1, actions: {} } },
};

function fileWith(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lt-profile-')), 'p.json');
  writeFileSync(path, text);
  return path;
}

describe('load-test profiles', () => {
  it('ships a Waystone profile that parses, with the five player kinds', () => {
    const p = loadProfile(WAYSTONE_PROFILE);
    for (const k of ['idler', 'looker', 'walker', 'talker', 'builder'])
      expect(p.players.has(k), k).toBe(true);
    expect(p.create.length).toBeGreaterThan(0);
    expect(p.deliveries).toBe(' says, "');
  });

  it('turns expectations into text lists or the prompt mark', () => {
    const p = parseProfile(minimal, 'test');
    expect(p.actions.get('look')).toMatchObject({
      expect: ['Exits', 'You see'],
      prompt: false,
      timeoutMs: 10_000,
    });
    expect(p.actions.get('wave')).toMatchObject({ expect: [], prompt: true });
    expect(p.greeting?.expect).toEqual(['Welcome']);
    expect(p.players.get('idler')?.totalWeight).toBe(0);
  });

  it('names the field that is wrong', () => {
    const broken = { ...minimal, actions: { look: { send: 'look' } } };
    expect(() => parseProfile(broken, 'profile x.json')).toThrow(
      /profile x.json.*\n.*actions\.look\.expect/,
    );
    expect(() => parseProfile({ ...minimal, extra: 1 }, 'p')).toThrow(ProfileError);
  });

  it('refuses a player kind that uses an unknown action, and an unknown placeholder', () => {
    const badKind = { ...minimal, players: { x: { weight: 1, actions: { dance: 1 } } } };
    expect(() => parseProfile(badKind, 'p')).toThrow(/action "dance", which is not in "actions"/);
    const badSend = {
      ...minimal,
      actions: { go: { send: 'go {exit}', expect: 'x' } },
      players: {},
    };
    expect(() => parseProfile(badSend, 'p')).toThrow(/\{exit\}/);
    expect(() => parseProfile({ ...badSend, choices: { exit: ['n'] }, players: {} }, 'p')).toThrow(
      /at least one kind/,
    );
  });

  it('says when a file is missing or not JSON', () => {
    expect(() => loadProfile('/nonexistent/p.json')).toThrow(/cannot read profile/);
    expect(() => loadProfile(fileWith('{ "name": '))).toThrow(/is not JSON/);
  });

  it('reads a mix and deals players to kinds in proportion, interleaved', () => {
    const p = parseProfile(minimal, 'test');
    expect(parseMix(p, undefined)).toEqual(
      new Map([
        ['looker', 0.75],
        ['idler', 0.25],
      ]),
    );
    expect(parseMix(p, 'idler')).toEqual(new Map([['idler', 1]]));
    expect(() => parseMix(p, 'dancer=2')).toThrow(/no player kind "dancer"/);
    expect(() => parseMix(p, 'looker=x')).toThrow(/cannot read/);
    const kinds = assignKinds(
      new Map([
        ['a', 0.75],
        ['b', 0.25],
      ]),
      10,
    );
    expect(kinds.filter((k) => k === 'a')).toHaveLength(8);
    expect(kinds.slice(0, 2).sort()).toEqual(['a', 'b']);
  });

  it('fills placeholders from the player and from choices', () => {
    const choices = new Map([['exit', ['north', 'south']]]);
    const v = { name: 'Ann', password: 'pw', n: 7, seq: 3 };
    expect(
      fillPlaceholders('connect {name} {password} #{n}/{seq} go {exit}', v, choices, (l) => l[1]!),
    ).toBe('connect Ann pw #7/3 go south');
  });
});
