import { describe, expect, it } from 'vitest';
import { encodeIrcLine, IrcEncodeError, parseIrcLine } from './message.ts';

describe('parseIrcLine', () => {
  it('reads a PRIVMSG with a full prefix and a trailing parameter', () => {
    expect(parseIrcLine(':tester!~t@127.0.0.1 PRIVMSG #waystone :hello from irc')).toEqual({
      prefix: { nick: 'tester', user: '~t', host: '127.0.0.1' },
      command: 'PRIVMSG',
      params: ['#waystone', 'hello from irc'],
    });
  });

  it('reads a server numeric with middle parameters and a trailing one', () => {
    expect(parseIrcLine(':irc.test 433 * wsbot :Nickname already in use')).toEqual({
      prefix: { nick: 'irc.test', user: null, host: null },
      command: '433',
      params: ['*', 'wsbot', 'Nickname already in use'],
    });
  });

  it('reads a line with no prefix, and upper-cases the command', () => {
    expect(parseIrcLine('ping :irc.test')).toEqual({
      prefix: null,
      command: 'PING',
      params: ['irc.test'],
    });
  });

  it('skips IRCv3 message tags and repeated spaces', () => {
    expect(parseIrcLine('@time=2024-01-01T00:00:00Z :n!u@h  JOIN   #c')).toEqual({
      prefix: { nick: 'n', user: 'u', host: 'h' },
      command: 'JOIN',
      params: ['#c'],
    });
  });

  it('keeps colons and spaces inside the trailing parameter, and an empty trailing one', () => {
    expect(parseIrcLine(':a!b@c PRIVMSG #x :: two  spaces :)')?.params).toEqual([
      '#x',
      ': two  spaces :)',
    ]);
    expect(parseIrcLine(':a!b@c TOPIC #x :')?.params).toEqual(['#x', '']);
  });

  it('returns null for lines with no command', () => {
    for (const line of ['', '   ', ':prefix-only', '@tags-only', ':p 12', ':p PRIV-MSG x'])
      expect(parseIrcLine(line)).toBeNull();
  });
});

describe('encodeIrcLine', () => {
  it('puts a last parameter with spaces after a colon', () => {
    expect(encodeIrcLine('PRIVMSG', ['#waystone', 'Cora: hello irc'])).toBe(
      'PRIVMSG #waystone :Cora: hello irc',
    );
    expect(encodeIrcLine('NICK', ['wsbot'])).toBe('NICK wsbot');
    expect(encodeIrcLine('USER', ['wsbot', '0', '*', 'Waystone'])).toBe('USER wsbot 0 * Waystone');
    expect(encodeIrcLine('PRIVMSG', ['#c', ':)'])).toBe('PRIVMSG #c ::)');
    expect(encodeIrcLine('QUIT', [''])).toBe('QUIT :');
  });

  it('round-trips through the parser', () => {
    const line = encodeIrcLine('PRIVMSG', ['#c', ' leading space and : colon']);
    expect(parseIrcLine(line)?.params).toEqual(['#c', ' leading space and : colon']);
  });

  it('refuses anything that would start a second command or shift parameters', () => {
    expect(() => encodeIrcLine('PRIVMSG', ['#c', 'hi\r\nQUIT :bye'])).toThrow(IrcEncodeError);
    expect(() => encodeIrcLine('PRIVMSG', ['#c', 'a\nb'])).toThrow(IrcEncodeError);
    expect(() => encodeIrcLine('PRIVMSG', ['#c', 'a\0b'])).toThrow(IrcEncodeError);
    expect(() => encodeIrcLine('JOIN', ['#a b', 'key'])).toThrow(IrcEncodeError);
    expect(() => encodeIrcLine('JOIN', [':x', 'key'])).toThrow(IrcEncodeError);
    expect(() => encodeIrcLine('bad cmd', [])).toThrow(IrcEncodeError);
  });
});
