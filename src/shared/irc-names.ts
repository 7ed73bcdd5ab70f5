/**
 * What an IRC bridge's names may look like, shared by the Server (the `irc2chan` command tells
 * a builder what is wrong) and the Portal (the IRC kind validates its config again at the link,
 * as it validates everything that crosses it). RFC 2812 §2.3.1, loosened as servers do today:
 * nicks up to 30 characters, channels up to 50.
 */

/** A nick: a letter or one of `[]\`_^{|}`, then those, digits and `-`. */
export const IRC_NICK = /^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]{0,29}$/;

/** A channel: `#`, `&`, `+` or `!`, then no space, comma, BEL or other control character. */
// eslint-disable-next-line no-control-regex -- the control characters are what it excludes
export const IRC_CHANNEL = /^[#&+!][^\s,\x00-\x1f\x7f]{1,49}$/;

/** A host name or an IP address (v4, or v6 without brackets). */
export const NETWORK_HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*\.?|[0-9A-Fa-f:.]{2,45})$/;
