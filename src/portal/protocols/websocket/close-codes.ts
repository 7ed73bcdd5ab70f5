/**
 * WebSocket close codes the Portal sends (RFC 6455 §7.4; 4000-4999 are ours). A webclient uses
 * them to decide whether to reconnect: after 1000 or 4001 it should not.
 *
 * | code | when |
 * |---|---|
 * | 1000 | the game closed the session (quit, boot, shutdown), or the Portal did (no login within unloggedInTimeoutSeconds, too many malformed messages) |
 * | 1008 | the request broke a rule (a malformed csessid) |
 * | 1009 | a frame larger than the limit (sent by `ws` itself, before buffering the payload) |
 * | 4001 | this session was resumed by a newer connection with the same csessid |
 *
 * A client that never reads is not sent a close frame (it would not read it): its socket is
 * cut once the output cap is passed, and the session closes with OUTPUT_OVERFLOW_REASON.
 */
export const CLOSE_NORMAL = 1000;
export const CLOSE_POLICY = 1008;
export const CLOSE_TOO_BIG = 1009;
export const CLOSE_RESUMED_ELSEWHERE = 4001;
