/**
 * What a player reads when input of theirs is dropped. The Portal and the Server both say
 * "too fast": the Portal when a session passes its input rate, the Server when a session's
 * queue of input waiting to run is full.
 */
export const TOO_FAST_MESSAGE = 'You entered commands too fast. Wait a moment and try again.';

/** A line over the line-length cap (maxLineLength; maxLineLengthUnloggedIn before login). */
export const LINE_TOO_LONG_MESSAGE = 'You entered a string that was too long.';
