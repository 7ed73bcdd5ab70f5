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
  LINK_OTHER_GAME:
    "The Portal answering on this game's link port serves another game directory (same linkPort).",
  NOT_RUNNING: 'The game is not running.',
  ALREADY_RUNNING: 'The game is already running.',
  START_FAILED: 'A process did not come up.',
  PORT_IN_USE: 'A port the game needs is taken by another program.',
  DESCRIPTORS_EXHAUSTED:
    'The process ran out of file descriptors (EMFILE/ENFILE): raise the open-file limit or lower maxConnections.',
  PORTAL_NOT_ANSWERING:
    'A Portal process of this game is running but closed or ignored the launcher (out of file descriptors?).',
  CONNECTIONS_FULL: 'The Portal holds maxConnections connections; a new one was refused.',
  ADDRESS_CONNECTION_LIMIT:
    'An address holds maxConnectionsPerAddress connections; another from it was refused.',
  ADDRESS_CONNECTION_RATE:
    'An address opened more than newConnectionsPerAddress connections in the window; refused.',
  LOGIN_TIMEOUT: 'A connection did not log in within unloggedInTimeoutSeconds; it was closed.',
  TELNET_MALFORMED:
    'A telnet client kept sending malformed sequences (over maxProtocolErrors); it was closed.',
  WEBSOCKET_MALFORMED:
    'A webclient kept sending messages that do not decode (over maxProtocolErrors); it was closed.',
  WEB_SESSION_EVICTED:
    'More webclient sessions waited for their browser than maxWaitingWebSessions; the longest-waiting was closed.',
  GAME_DIR: 'The game directory is missing or not a Waystone game.',
  LOCK_INVALID:
    'A lock string is malformed (bad syntax, unknown function, bad arguments, no access type).',
  LOCK_FUNC_INVALID: 'A lock function was registered with a bad name.',
  COMMAND_INVALID: 'A command is malformed (no key, a bad name or option).',
  COMMAND_NOT_RUNNING: 'A command used ask/execute while not run by the command handler.',
  COMMAND_RECURSION: 'Commands ran commands deeper than the recursion limit.',
  COMMAND_NO_SESSION: 'A command run by an object (no session) tried to ask a question.',
  COMMAND_NO_CALLER: 'A command was run with neither a session nor an object to run as.',
  SCRIPT_INVALID: 'A script class or its settings are not usable (not a Script, bad interval).',
  SCRIPT_NOT_REGISTERED:
    'A persistent script, ticker or delay names a class or method that is not registered.',
  TIMER_INVALID: 'A ticker or delay was given a bad interval, object or method.',
  CMDSET_INVALID: 'A cmdset is malformed or was used in a way it does not allow.',
  CMDSET_NOT_REGISTERED: 'A persistent cmdset has no registered name to be stored under.',
  CMDSET_UNKNOWN: 'A stored cmdset name is not registered (renamed or removed from the game).',
  STORAGE_BAD_URL: 'databaseUrl is neither empty (SQLite) nor a postgres:// URL.',
  STORAGE_CANT_OPEN:
    'The database file could not be opened or created (missing folder, a directory).',
  STORAGE_READ_ONLY: 'The database file or its folder is not writable by the game.',
  STORAGE_LOCKED:
    'Another program holds the database file locked for longer than the busy timeout.',
  STORAGE_CORRUPT: 'The database file is not a SQLite database or is damaged.',
  STORAGE_UNREACHABLE: 'The PostgreSQL server did not answer (down, wrong host or port).',
  STORAGE_REFUSED: 'The PostgreSQL server refused the login (user, password or database name).',
  STORAGE_TOO_NEW: 'The database was migrated by a newer Waystone than this one.',
  STORAGE_MIGRATION_FAILED: 'A schema migration failed; it was rolled back.',
  STORAGE_BAD_VALUE:
    'An attribute or config value cannot be stored (function, undefined, NaN, cycle).',
  STORAGE_CORRUPT_VALUE: 'A stored attribute or config value does not decode (edited by hand?).',
  STORAGE_DUPLICATE: 'A row with that unique key (e.g. account name) already exists.',
  STORAGE_CONSTRAINT: 'A write broke a database constraint (e.g. a reference to a missing row).',
  STORAGE_UNAVAILABLE: 'The database stayed unreachable for longer than the commit retry limit.',
  STORAGE_CLOSED: 'The storage was closed; the write was not made.',
  STORAGE_UNIT_OF_WORK: 'A unit of work was used after its commit started.',
  ACCOUNT_NAME_LENGTH: 'An account name is shorter or longer than the allowed range.',
  ACCOUNT_NAME_CHARACTERS:
    'An account name has a character outside letters, digits, space and @.+-_.',
  ACCOUNT_NAME_INVISIBLE: 'An account name has a control, format or zero-width character.',
  ACCOUNT_NAME_MIXED_SCRIPT: 'An account name mixes letters of scripts that could impersonate.',
  ACCOUNT_NAME_RESERVED: 'An account name is a guest name or otherwise reserved.',
  ACCOUNT_LOGIN_REFUSED: 'A login hook refused the login; its message is shown to the player.',
  PASSWORD_TOO_SHORT: 'A new password is shorter than the minimum.',
  PASSWORD_TOO_LONG: 'A new password is longer than the maximum.',
  PASSWORD_ALL_DIGITS: 'A new password is only digits.',
  PASSWORD_COMMON: 'A new password is (or is built on) a common password.',
  PASSWORD_LIKE_NAME: 'A new password contains or closely resembles the account name.',
  PASSWORD_HASH_INVALID: 'A stored password hash is not an argon2 PHC string.',
  THROTTLED: 'Too many attempts from one address (login failures, account creations).',
  THROTTLE_STATE_INVALID: 'Saved throttle state did not decode.',
  BANNED: 'The account name or the address is banned.',
  BAN_PATTERN_INVALID: 'An IP ban pattern is not an address, a CIDR range or a trailing-* pattern.',
  BAN_LIST_INVALID: 'A saved ban list did not decode.',
  ACCOUNT_NAME_TAKEN: 'Another account has that name (compared case-insensitively).',
  ACCOUNT_NAME_LOOKALIKE:
    'Another account has a name a reader could take for this one (UTS #39 confusables).',
  GAME_CODE: "The game's own code could not be loaded or failed during setup.",
  SESSION_CLASS:
    "The game's session class failed (its constructor or atSync threw); that session uses ServerSession.",
  TYPECLASS_MISSING: 'A stored entity names a class the game has not registered.',
  GUESTS_ALL_IN_USE: 'Every configured guest name is in use.',
  CHANNEL_INVALID:
    'A channel name, alias or setting is malformed, or taken by another channel (names are compared case-insensitively).',
  NICK_INVALID:
    'A nick is malformed: empty, too long, $-markers that differ between the nick and its replacement, or too many nicks.',
  GAMETIME_NOT_READY:
    "Game time was read before the game's first start was loaded (in setup(game), before the world opens).",
  TIME_INVALID:
    'A game-time request or on-demand state is malformed (unknown unit, value out of range, a time that never comes, bad stages).',
  PROTOTYPE_INVALID:
    'A prototype is malformed (bad field or computed value, bad lock, unknown typeclass, too deep).',
  PROTOTYPE_UNKNOWN: 'No prototype has that name (spawning it, or as the parent of another).',
  PROTOTYPE_CYCLE: 'Prototype parents go round in a circle.',
  PROTOTYPE_READ_ONLY:
    "A prototype defined in the game's code cannot be changed or deleted in game.",
  HELP_FILE_INVALID:
    "A help file in the game's help/ folder could not be read (front matter, size).",
  HELP_ENTRY_INVALID: 'A help entry is malformed (empty topic or text, too long, bad lock).',
  BUILD_FILE:
    'A build file could not be run (outside the game directory, missing, no default export, threw).',
  BUILD_INVALID:
    'A build step is malformed or ambiguous (no tag, two objects with one build tag, a bad reference).',
  MENU_INVALID:
    'A menu is malformed (bad name, taken name, no such node, an option without a key, a goto returning something else).',
  MENU_UNKNOWN: 'No menu is registered under that name.',
  MENU_STATE_INVALID: "A menu's state is not plain JSON, or is larger than a menu may keep.",
  EDITOR_INVALID:
    'The line editor was started or registered wrongly (no such save handler, a taken name, text over its bounds).',
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

/**
 * A code that came from another process (over the link or IPC) as a string: itself when it is
 * one of ours, else `fallback` (a newer peer's code keeps the meaning the caller gives it).
 */
export function asErrorCode(code: string, fallback: ErrorCode): ErrorCode {
  return Object.hasOwn(ERROR_CODES, code) ? (code as ErrorCode) : fallback;
}

export function isWaystoneError(err: unknown, code?: ErrorCode): err is WaystoneError {
  return err instanceof WaystoneError && (code === undefined || err.code === code);
}
