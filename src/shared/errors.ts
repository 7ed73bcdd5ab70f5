/**
 * Errors with stable codes. Tests and callers check `code`, never the wording, so messages can
 * improve without breaking anyone. Every code is listed here once.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: 'A setting has a value its schema refuses.',
  CONFIG_FILE: 'The game settings file could not be loaded.',
  LINK_FRAME_TOO_LARGE: 'A link frame announced more bytes than the link accepts.',
  LINK_NOT_LINK: 'The peer does not speak the link protocol (HTTP, garbage).',
  LINK_BAD_HANDSHAKE: 'The first frame was not a valid handshake.',
  LINK_VERSION: 'The peer speaks another link protocol version.',
  LINK_BAD_SECRET: 'The shared secret did not match.',
  LINK_BAD_MESSAGE: 'A frame did not decode to a valid message for this direction.',
  LINK_OVERFLOW: 'The link send buffer passed its cap.',
  LINK_CLOSED: 'The link closed.',
  LINK_UNREACHABLE: 'Nothing answered on the link port (no Portal running there).',
  LINK_TIMEOUT: 'The peer did not answer in time.',
  LINK_SERVER_TAKEN: 'Another Server is already linked to this Portal.',
  LINK_FOREIGN_SERVER:
    'A Server the Portal did not start tried to link (e.g. one orphaned by an earlier Portal).',
  NOT_RUNNING: 'The game is not running.',
  ALREADY_RUNNING: 'The game is already running.',
  START_FAILED: 'A process did not come up.',
  PORT_IN_USE: 'A port the game needs is taken by another program.',
  GAME_DIR: 'The game directory is missing or not a Waystone game.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class WaystoneError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WaystoneError';
    this.code = code;
  }
}

export function isWaystoneError(err: unknown, code?: ErrorCode): err is WaystoneError {
  return err instanceof WaystoneError && (code === undefined || err.code === code);
}
