/**
 * Spots a web browser (or an HTTP tool) that has dialled the telnet port, so it gets a short
 * explanation instead of a login screen it cannot show (REFERENCE §12).
 *
 * Only the first input line is checked: an HTTP/1.x request line is
 * `method SP request-target SP HTTP-version` (RFC 9112 §3). A MUD player's first line is a
 * name or a command, and none of those ends in `HTTP/1.1`.
 */

/** Request methods of RFC 9110 §9 (plus PATCH, RFC 5789); methods are case-sensitive. */
const REQUEST_LINE =
  /^(?:GET|HEAD|POST|PUT|DELETE|CONNECT|OPTIONS|TRACE|PATCH) [^\s]+ HTTP\/\d(?:\.\d)?$/;

export function looksLikeHttpRequestLine(line: string): boolean {
  return REQUEST_LINE.test(line);
}

const BODY =
  'This port speaks telnet for a MUD, not HTTP.\r\n' +
  "Connect with a MUD client or telnet, or use the web client on the game's web port.\r\n";

/** The whole reply to write before closing: status line, headers, then the body. */
export const HTTP_ON_TELNET_REPLY =
  'HTTP/1.1 400 Bad Request\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n' +
  `Content-Length: ${Buffer.byteLength(BODY, 'utf8')}\r\n` +
  'Connection: close\r\n' +
  '\r\n' +
  BODY;
