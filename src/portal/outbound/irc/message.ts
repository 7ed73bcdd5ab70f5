/**
 * IRC lines (RFC 1459 §2.3.1, RFC 2812 §2.3.1): parse what a server sends, encode what the
 * bridge sends. A line is `[@tags] [:prefix] COMMAND [params…] [:trailing]`, at most 512 bytes
 * with its CR LF (IRCv3 message tags may add up to 8191 bytes before it; they are skipped here).
 * Encoding refuses anything that would let text become a second command: CR, LF or NUL in a
 * parameter, a space or a leading ':' in any parameter but the last.
 */

export interface IrcPrefix {
  /** The nick (or the server name, for a server prefix). */
  readonly nick: string;
  readonly user: string | null;
  readonly host: string | null;
}

export interface IrcMessage {
  readonly prefix: IrcPrefix | null;
  /** Upper case: `PRIVMSG`, `PING`, or a three-digit numeric reply such as `001`. */
  readonly command: string;
  readonly params: readonly string[];
}

/** The most bytes of one line, CR LF included (RFC 2812 §2.3). */
export const IRC_MAX_LINE_BYTES = 512;

/** One received line (without its CR LF), or null when it holds no command. */
export function parseIrcLine(line: string): IrcMessage | null {
  let rest = line;
  if (rest.startsWith('@')) {
    const space = rest.indexOf(' ');
    if (space < 0) return null;
    rest = rest.slice(space + 1);
  }
  rest = rest.replace(/^ +/, '');
  let prefix: IrcPrefix | null = null;
  if (rest.startsWith(':')) {
    const space = rest.indexOf(' ');
    if (space < 0) return null;
    prefix = parsePrefix(rest.slice(1, space));
    rest = rest.slice(space + 1).replace(/^ +/, '');
  }
  const params: string[] = [];
  let command: string | null = null;
  while (rest.length > 0) {
    if (command !== null && rest.startsWith(':')) {
      params.push(rest.slice(1));
      break;
    }
    const space = rest.indexOf(' ');
    const word = space < 0 ? rest : rest.slice(0, space);
    rest = space < 0 ? '' : rest.slice(space + 1).replace(/^ +/, '');
    if (command === null) command = word.toUpperCase();
    else params.push(word);
  }
  if (command === null || !/^(?:[A-Z]+|\d{3})$/.test(command)) return null;
  return { prefix, command, params };
}

function parsePrefix(text: string): IrcPrefix {
  const bang = text.indexOf('!');
  const at = text.indexOf('@', bang < 0 ? 0 : bang);
  if (bang < 0 && at < 0) return { nick: text, user: null, host: null };
  const nickEnd = bang >= 0 ? bang : at;
  return {
    nick: text.slice(0, nickEnd),
    user: bang >= 0 ? text.slice(bang + 1, at < 0 ? undefined : at) : null,
    host: at >= 0 ? text.slice(at + 1) : null,
  };
}

/** Thrown for a parameter that cannot be sent as it is (a programming error upstream). */
export class IrcEncodeError extends Error {}

/**
 * One line to send, without its CR LF. Only the last parameter may hold spaces, be empty or
 * start with ':' (it is then sent as the trailing parameter).
 */
export function encodeIrcLine(command: string, params: readonly string[] = []): string {
  if (!/^(?:[A-Z]+|\d{3})$/.test(command)) throw new IrcEncodeError(`bad command ${command}`);
  const parts = [command];
  params.forEach((param, i) => {
    if (/[\r\n\0]/.test(param)) throw new IrcEncodeError('a parameter holds CR, LF or NUL');
    const last = i === params.length - 1;
    if (last && (param === '' || param.includes(' ') || param.startsWith(':'))) {
      parts.push(`:${param}`);
      return;
    }
    if (param === '' || param.includes(' ') || param.startsWith(':'))
      throw new IrcEncodeError('only the last parameter may be empty, hold spaces or start with :');
    parts.push(param);
  });
  return parts.join(' ');
}
