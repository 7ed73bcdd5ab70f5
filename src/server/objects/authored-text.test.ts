import { describe, expect, it } from 'vitest';
import type { LockSubject } from '../locks/lock-subject.ts';
import { PermissionHierarchy } from '../locks/permissions.ts';
import { authoredText, writesMarkup, type AuthoringRules } from './authored-text.ts';

const rules = (playerMarkup: 'none' | 'colour' = 'none'): AuthoringRules => ({
  lockFuncs: { hierarchy: new PermissionHierarchy() },
  playerMarkup,
});

function account(permissions: string[], extra: Partial<LockSubject> = {}): LockSubject {
  return { id: 1, permissions, isSuperuser: false, quelled: false, account: null, ...extra };
}

/** A puppet (no permissions of its own) played by `by`. */
const puppet = (by: LockSubject): LockSubject => ({ ...account([]), id: 9, account: by });

const TEXT = 'A |ggreen|n hall. |lclook|ltLook|le';

describe('who writes markup', () => {
  it('builders and above, and active superusers; quell counts', () => {
    expect(writesMarkup(account(['Builder']), rules())).toBe(true);
    expect(writesMarkup(account(['Admin']), rules())).toBe(true);
    expect(writesMarkup(puppet(account(['Developer'])), rules())).toBe(true);
    expect(writesMarkup(account(['Player', 'Helper']), rules())).toBe(false);
    expect(writesMarkup(account([], { isSuperuser: true }), rules())).toBe(true);
    const quelled = account(['Builder'], { isSuperuser: true, quelled: true });
    expect(writesMarkup(puppet(quelled), rules())).toBe(false);
  });
});

describe('authoredText', () => {
  it("stores game code's and a builder's text as markup", () => {
    expect(authoredText(TEXT, null, rules())).toBe(TEXT);
    expect(authoredText(TEXT, puppet(account(['Builder'])), rules())).toBe(TEXT);
  });

  it("stores a player's text neutralised, line by line", () => {
    expect(authoredText(`${TEXT}\r\nline\u001b[2J two`, account(['Player']), rules())).toBe(
      'A ||ggreen||n hall. ||lclook||ltLook||le\nline two',
    );
  });

  it("keeps a player's colour codes alone when the game allows them", () => {
    expect(authoredText(TEXT, account(['Player']), rules('colour'))).toBe(
      'A |ggreen|n hall. ||lclook||ltLook||le|n',
    );
  });
});
