/**
 * Client session ids (`csessid`) for webclient resume (REFERENCE.md §13, **Better**).
 *
 * The browser makes a random id once per tab (e.g. `crypto.randomUUID()` kept in
 * `sessionStorage`) and sends it as a query parameter on every connect:
 * `ws://host:4001/ws?csessid=<id>`. A reconnect with the same id within
 * `webSessionGraceSeconds` resumes the same PortalSession (same sessid, same login). The id is
 * a bearer secret — whoever presents it gets the session — so it must be long and random: 16 to
 * 128 characters of `A-Z a-z 0-9 _ -` (a UUID qualifies). Anything else is refused with close
 * code 1008 rather than silently not resumed.
 */
const CSESSID = /^[A-Za-z0-9_-]{16,128}$/;

export const CSESSID_RULE = 'csessid must be 16-128 characters of A-Z a-z 0-9 _ -';

/** The csessid in a request URL: null when absent, a string problem when malformed. */
export function csessidFromUrl(url: string | undefined): { csessid: string | null } | string {
  const query = new URL(url ?? '/', 'http://localhost').searchParams;
  const value = query.get('csessid');
  if (value === null || value === '') return { csessid: null };
  return CSESSID.test(value) ? { csessid: value } : CSESSID_RULE;
}
