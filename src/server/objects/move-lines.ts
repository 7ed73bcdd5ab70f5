/**
 * The default movement messages (step 5 and 7 of `moveTo`, objects/object.ts), in actor stance
 * (text-ui/stance-funcs.ts): the room sees "Ann leaves for the Garden." and "Ann arrives from
 * Limbo."; the mover, who is not sent them by default, would read "You leave for the Garden.".
 * A game gives its own by overriding `announceMoveFrom`/`announceMoveTo` and calling `super`
 * with another template (`$obj(destination)` and `$obj(origin)` name the two places).
 * Names are plain (`names: 'plain'`): one text for every reader, builders included.
 */
export const MOVE_LINES = Object.freeze({
  /** To the room left behind; `destination` is mapped. */
  leave: '$You() $conj(leave) for $obj(destination, the).',
  /** To the room arrived in; `origin` is mapped. */
  arrive: '$You() $conj(arrive) from $obj(origin, the).',
  /** Arriving from nowhere (a new object, or one that was nowhere). */
  arriveFromNowhere: '$You() $conj(arrive).',
});
