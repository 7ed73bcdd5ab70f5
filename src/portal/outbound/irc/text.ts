/**
 * Text crossing the IRC bridge, both ways.
 *
 * From IRC: mIRC formatting codes (bold ^B, colour ^C with its digits, hex colour ^D, italic,
 * underline, strike, monospace, reverse, reset) are stripped, and so is every other control
 * character: what reaches the game is plain text, which the Server then neutralises for
 * Waystone markup like any player's words.
 * To IRC: the game's line is plain already (the channel sends it without markup), but a player
 * could still type a control character; line breaks become spaces and the rest go, so nobody
 * can colour, fake a CTCP request (^A) or start a second IRC command from the game.
 * Long lines are split to fit the 512-byte IRC line, on spaces where possible, never inside a
 * UTF-8 character.
 */

/** mIRC colour codes take their digits with them: ^C12,4 and ^D ff0000,00ff00. */
// eslint-disable-next-line no-control-regex -- ^C and ^D are the codes it matches
const COLOUR = /\x03(?:\d{1,2}(?:,\d{1,2})?)?|\x04(?:[0-9a-fA-F]{6}(?:,[0-9a-fA-F]{6})?)?/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const CONTROL = /[\x00-\x1f\x7f]/g;

/** IRC text as plain text: formatting codes and control characters removed. */
export function plainFromIrc(text: string): string {
  return text.replace(COLOUR, '').replace(CONTROL, '');
}

/** Game text made safe for one IRC message: line breaks as spaces, no control characters. */
export function safeForIrc(text: string): string {
  return text.replace(/\r\n|[\r\n\t]/g, ' ').replace(CONTROL, '');
}

/** A CTCP ACTION (`/me waves`) as its text, or null when `text` is not one. */
export function ctcpAction(text: string): string | null {
  // eslint-disable-next-line no-control-regex -- CTCP is delimited by ^A
  const match = /^\x01ACTION(?: (.*?))?\x01?$/s.exec(text);
  return match ? (match[1] ?? '') : null;
}

/** Whether `text` is a CTCP request or reply of any kind (^A-delimited). */
export function isCtcp(text: string): boolean {
  return text.startsWith('\x01');
}

const encoder = new TextEncoder();

function bytesOf(text: string): number {
  return encoder.encode(text).length;
}

/**
 * `text` in pieces of at most `maxBytes` UTF-8 bytes each: cut at the last space that fits
 * (the space dropped), or, in a word longer than a piece, between two characters.
 */
export function splitToBytes(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes must hold at least one character');
  const pieces: string[] = [];
  let rest = text;
  while (bytesOf(rest) > maxBytes) {
    // The longest prefix (whole code points) that fits.
    let fit = 0;
    let used = 0;
    for (const ch of rest) {
      const size = bytesOf(ch);
      if (used + size > maxBytes) break;
      used += size;
      fit += ch.length;
    }
    const space = rest.lastIndexOf(' ', fit);
    const cut = space > 0 ? space : fit;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(space > 0 ? cut + 1 : cut);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}
