/**
 * MXP links (https://www.zuggsoft.com/zmud/mxp.htm) for telnet clients that agreed to MXP: a
 * markup link `|lc<command>|lt<text>|le` becomes `<SEND HREF="command">text</SEND>`, which the
 * client shows as a link that sends the command when clicked (Evennia writes the same tags).
 *
 * The Portal puts MXP clients in locked mode (`ESC [ 7 z`, portal/telnet/options/mxp.ts), so no
 * other text is ever read as a tag, whoever wrote it. Each tag here is preceded by `ESC [ 4 z`,
 * "temp secure mode": only the tag right after it is read as one, then the line is locked again.
 * So the link text needs no escaping, and only the command, inside the tag, is escaped.
 */

const TEMP_SECURE = '\u001b[4z';

/** Text made safe inside a quoted MXP attribute value (MXP's entities are HTML's). */
function escapeAttribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/** What opens a link that sends `command`. */
export function mxpLinkOpen(command: string): string {
  return `${TEMP_SECURE}<SEND HREF="${escapeAttribute(command)}">`;
}

/** What closes a link. */
export const MXP_LINK_CLOSE = `${TEMP_SECURE}</SEND>`;
