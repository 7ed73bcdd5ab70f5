import { describe, expect, it } from 'vitest';
import { ObjectSessions } from './object-sessions.ts';
import { TestSession } from './test-support.ts';

describe('ObjectSessions', () => {
  it('starts empty and lists each sessid once', () => {
    const sessions = new ObjectSessions();
    expect(sessions.count).toBe(0);
    const one = new TestSession(1);
    sessions.add(one);
    sessions.add(new TestSession(2));
    sessions.add(one);
    expect(sessions.all().map((s) => s.sessid)).toEqual([2, 1]);
    expect(sessions.has(2)).toBe(true);
    expect(sessions.get(1)).toBe(one);
    expect([...sessions]).toHaveLength(2);
  });

  it('removes by session or sessid', () => {
    const sessions = new ObjectSessions();
    sessions.add(new TestSession(1));
    sessions.add(new TestSession(2));
    expect(sessions.remove(1)).toBe(true);
    expect(sessions.remove(new TestSession(2))).toBe(true);
    expect(sessions.remove(2)).toBe(false);
    expect(sessions.count).toBe(0);
  });
});
