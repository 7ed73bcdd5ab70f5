/**
 * Every Waystone setting with its default and what it is for. This is the one place defaults
 * live; a game's `settings.ts` holds only the values it changes, and any setting can be
 * overridden at start by an environment variable WAYSTONE_<SETTING_IN_UPPER_SNAKE>
 * (e.g. WAYSTONE_TELNET_PORT=4100). `schema.ts` validates the merged result once; the frozen
 * result is passed to each process's composition root. Nothing reads settings at import time.
 */
export const DEFAULT_SETTINGS = {
  // ---- identity --------------------------------------------------------------------------
  /** The game's name: shown on the connection screen, in `info` and in logs. */
  serverName: 'Waystone',

  // ---- player-facing ports (Evennia's numbering, so habits carry over) ---------------------
  /** Serve plain telnet. */
  telnetEnabled: true,
  /** Telnet port; 0 lets the OS choose (the chosen port is written to run/portal.json). */
  telnetPort: 4000,
  /** Interface telnet listens on; 0.0.0.0 accepts players from anywhere. */
  telnetInterface: '0.0.0.0',
  /** Serve the web port: a web page and the WebSocket endpoint at /ws. */
  webEnabled: true,
  /** Web port; 0 lets the OS choose. */
  webPort: 4001,
  /** Interface the web port listens on. */
  webInterface: '0.0.0.0',
  /**
   * Pages on other sites whose scripts may open the game's WebSocket, as origins
   * (['https://play.example.com']). The game's own page (an Origin with the host and port the
   * request was sent to) and clients that send no Origin (MUD clients, bots) are always let in;
   * any other Origin is refused with HTTP 403 before the upgrade, so a page elsewhere cannot
   * open a game connection from a player's browser. ['*'] lets every origin in.
   */
  webAllowedOrigins: [] as string[],

  /** Serve telnet over TLS on its own port. */
  telnetTlsEnabled: false,
  /** Telnet-over-TLS port; 0 lets the OS choose. */
  telnetTlsPort: 4003,
  /** Interface telnet over TLS listens on. */
  telnetTlsInterface: '0.0.0.0',
  /**
   * TLS certificate and key (PEM files, relative to the game directory). Empty: a self-signed
   * certificate is made at first start with the openssl command, in certs/telnet-tls.crt/.key,
   * for development; use real ones for players.
   */
  tlsCertFile: '',
  tlsKeyFile: '',
  /** Serve SSH: players log in with their account name and password. */
  sshEnabled: false,
  /** SSH port; 0 lets the OS choose. */
  sshPort: 4004,
  /** Interface SSH listens on. */
  sshInterface: '0.0.0.0',
  /**
   * SSH host key (RSA PEM or OpenSSH ed25519), relative to the game dir. Empty: an RSA 3072 key
   * is made at first start in certs/ssh-host-rsa.key.
   */
  sshHostKeyFile: '',
  /**
   * Seconds a webclient session waits for its browser to come back (a page reload, a network
   * blip) before it is closed. A reconnect with the same client session id resumes it.
   */
  webSessionGraceSeconds: 60,

  // ---- the link between Portal, Server and launcher ----------------------------------------
  /** Link port (Portal ⇄ Server, and the launcher's admin connection); 0 lets the OS choose. */
  linkPort: 4006,
  /**
   * Interface the link listens on. Keep it on loopback unless a Server or launcher on another
   * host must reach it; beyond loopback a linkSecret must be set.
   */
  linkInterface: '127.0.0.1',
  /**
   * The secret every link peer (Portal, Server, launcher) proves it holds, by challenge and
   * response: it never crosses the wire. Empty (the default) uses the game's own, made at
   * `init` or first start in .waystone/link-secret (owner-only). Set it, the same on both
   * hosts, when the Portal and the Server run on different machines.
   */
  linkSecret: '',
  /** Largest link frame accepted, in bytes; bigger frames close the link as corrupt. */
  linkMaxFrameBytes: 16 * 1024 * 1024,
  /** Unsent link bytes allowed before the link is closed and re-synced (a wedged peer). */
  linkMaxBufferedBytes: 64 * 1024 * 1024,
  /** How long a link peer has to complete its handshake. */
  linkHandshakeTimeoutMs: 5000,

  // ---- per-session limits (REFERENCE.md §11) -----------------------------------------------
  /** Longest input line, in characters; enforced while the line is still being read. */
  maxLineLength: 6000,
  /** Inputs per second one session may send (text and out-of-band alike). */
  maxInputRate: 80,
  /**
   * Inputs per second (text and out-of-band alike) a connection may send before it logs in,
   * with a burst of as many; never more than maxInputRate. A login takes a few lines (a client
   * may send them at once, with its GMCP hello), so a connection that floods before it has an
   * account is held to a trickle. Past it the input is dropped and the player reads "You
   * entered commands too fast." (once a second). Logging in gives the full maxInputRate.
   */
  maxInputRateUnloggedIn: 10,
  /**
   * Bytes per second the Portal reads from a connection before it logs in (everything it
   * sends: telnet negotiation, lines, webclient messages). Past it the Portal stops reading that
   * connection until the budget has recovered: nothing is dropped, the client just waits, and a
   * flood costs the Portal neither memory nor work. Players (logged in) have no byte budget.
   */
  maxInputBytesPerSecondUnloggedIn: 2048,
  /**
   * Longest input line before login, in characters (`connect name password` and `create` are
   * short). A longer line is dropped with "You entered a string that was too long."
   */
  maxLineLengthUnloggedIn: 1000,
  /**
   * Inputs of one session waiting on the Server for the command before them to finish. Past it
   * new input from that session is dropped and the player reads "You entered commands too
   * fast." (once a second), so a flood never grows the Server's memory without bound.
   */
  maxQueuedInputPerSession: 100,
  /**
   * Output bytes allowed to wait for a client that is not reading. Past it the connection is
   * closed (the client is gone or stuck) so one slow player never grows the Portal's memory.
   */
  maxOutputBufferBytes: 1024 * 1024,
  /**
   * Lines of a session's input the Portal holds while the Server is away (reload, crash) and
   * delivers in order once it is back. Past this the newest lines are dropped and the player
   * is told once.
   */
  maxHeldInputLines: 50,
  /** Offer MCCP2/MCCP3 compression to telnet clients. */
  telnetCompression: true,
  /** Largest GMCP message accepted from a client, in bytes. */
  telnetMaxGmcpBytes: 32 * 1024,
  /**
   * The game's own MSSP fields for MUD listings (CODEBASE, CONTACT, WEBSITE, GENRE…); NAME,
   * PLAYERS and UPTIME are filled in by the Portal. From the environment: JSON.
   */
  msspFields: {} as Record<string, string | number | boolean | (string | number)[]>,
  /** Seconds between telnet NOP keepalives sent to clients; 0 turns them off. */
  telnetKeepaliveSeconds: 30,
  /**
   * Seconds a logged-in session may send nothing before it is logged out and disconnected with
   * "You have been idle too long; goodbye." (Evennia's IDLE_TIMEOUT). Any input counts,
   * keepalives included. 0 (the default) turns the timeout off.
   */
  idleTimeoutSeconds: 0,
  /**
   * Lock expression an account passes to be spared the idle timeout (Evennia's
   * `noidletimeout` lock): staff by default; superusers always pass. '' spares no one.
   */
  idleTimeoutExemptLock: 'perm(Builder)',
  /**
   * Malformed protocol input one connection may send within protocolErrorWindowSeconds
   * (broken telnet sequences, GMCP/MSDP or webclient messages that do not parse); one more and
   * the connection is closed with "Too many malformed protocol messages…" (logged once as
   * TELNET_MALFORMED or WEBSOCKET_MALFORMED). Honest clients send none; 0 turns the limit off.
   */
  maxProtocolErrors: 20,
  /** The window maxProtocolErrors is counted over, in seconds. */
  protocolErrorWindowSeconds: 10,

  // ---- connection limits (every player port: telnet, telnet/TLS, SSH, web) -----------------
  /**
   * Connections the Portal holds at once. 'auto': the process's open-file limit (ulimit -n,
   * read at start) less a reserve for the Portal's own files, so the Portal never runs out of
   * file descriptors. Past it new connections are told "The game cannot take more connections
   * right now" and closed, and the log says the limit was reached (CONNECTIONS_FULL).
   */
  maxConnections: 'auto' as number | 'auto',
  /**
   * Connections open at once from one address (IPv6: one /64), over all ports, web page
   * requests included. 30 leaves room for a household, a school or a café behind one NAT; the
   * next one is told "Too many connections from your address at once". 0 turns it off.
   */
  maxConnectionsPerAddress: 30,
  /**
   * New connections one address may open in a burst, and again per
   * newConnectionsWindowSeconds after that (20 per 10 s: a whole NAT reconnecting after a
   * blip gets in within seconds; a connection flood gets 2 a second). Past it: "Too many new
   * connections from your address. Wait a few seconds". 0 turns it off.
   */
  newConnectionsPerAddress: 20,
  /** The window for newConnectionsPerAddress, in seconds. */
  newConnectionsWindowSeconds: 10,
  /**
   * Addresses the per-address limits do not apply to (maxConnections still does). Loopback by
   * default: a reverse proxy on the same host makes every web player arrive from it, and
   * `waystone loadtest` connects from it. From the environment: comma-separated.
   */
  connectionLimitsExempt: ['127.0.0.1', '::1'] as string[],
  /**
   * Seconds a connection may stay without logging in; then it reads "Timed out waiting for
   * login." and is closed. 0 turns it off.
   */
  unloggedInTimeoutSeconds: 300,
  /**
   * Webclient sessions kept waiting for their browser (webSessionGraceSeconds) at once; past
   * it the one that has waited longest is closed. Bounds sessions held without a connection.
   */
  maxWaitingWebSessions: 1000,

  // ---- Server supervision ------------------------------------------------------------------
  /** Seconds the Portal waits for a (re)started Server to link and sync before giving up. */
  serverStartTimeoutSeconds: 30,
  /** First delay before restarting a crashed Server; doubles per quick crash. */
  serverRestartDelayMs: 500,
  /** Longest delay between restarts of a Server that keeps crashing. */
  serverRestartMaxDelayMs: 30_000,
  /**
   * A Server that fails at start (broken game code, a world that will not load) or crashes
   * soon after, this many times in a row, is left down: players are told once and stay
   * connected, `waystone status` shows the error, and `waystone reload` after a fix brings it
   * back. (A reload whose new code does not load never stops the running Server at all.)
   */
  serverMaxStartFailures: 5,
  /** A Server that cannot reach its Portal for this long exits (it was orphaned). */
  serverOrphanTimeoutSeconds: 30,

  // ---- storage (DESIGN.md §5) --------------------------------------------------------------
  /**
   * Empty: the embedded SQLite database file below. A `postgres://user:pass@host:5432/db` URL
   * selects PostgreSQL instead (for games that grow, or several hosts).
   */
  databaseUrl: '',
  /** The SQLite file, relative to the game directory (WAL mode; back up with `.backup`). */
  databaseFile: 'game.sqlite3',

  // ---- accounts (REFERENCE.md §4) ----------------------------------------------------------
  /** Shortest account name, in characters after Unicode normalisation. */
  accountNameMinLength: 3,
  /** Longest account name, in characters after Unicode normalisation. */
  accountNameMaxLength: 30,
  /** Extra names nobody may register (guest names and "guest" are always reserved). */
  reservedAccountNames: [] as string[],
  /** Shortest new password. */
  passwordMinLength: 8,
  /** Longest new password: long passphrases are welcome, but hashing has a cost. */
  passwordMaxLength: 256,
  /** argon2id memory per hash, KiB (OWASP minimum); a change re-hashes passwords at next login. */
  argon2MemoryCost: 19456,
  /** argon2id passes over memory. */
  argon2TimeCost: 2,
  /** argon2id lanes per hash. */
  argon2Parallelism: 1,
  /** Failed logins from one IP within the window before it is blocked. */
  loginFailureLimit: 5,
  /** Window over which failed logins are counted, ms. */
  loginFailureWindowMs: 5 * 60_000,
  /** How long an IP is blocked after too many failed logins, ms. */
  loginFailureBlockMs: 5 * 60_000,
  // The IP limit above is counted before the password is hashed, so even attempts arriving all
  // at once from one IP hash at most loginFailureLimit passwords per window. The player reads
  // "Too many login failures; please try again in a few minutes."
  //
  // Guesses at one account spread over many IPs are slowed per account (the name as typed,
  // whether or not the account exists): after loginFailureAccountLimit failed logins at it, each
  // further try must wait loginFailureAccountDelayMs after the last failure, doubling with every
  // failure up to loginFailureAccountMaxDelayMs. A try during the wait is refused before any
  // hashing with "Too many failed logins for that account recently; please wait <40 seconds>
  // before trying it again." IPs that have logged into the account before (its last
  // loginKnownAddressesPerAccount) are exempt and not counted, so the owner is never locked out.
  /** Failed logins at one account, from IPs new to it, before tries at it must wait. */
  loginFailureAccountLimit: 10,
  /** An account's failed logins are forgotten when none has come for this long, ms. */
  loginFailureAccountWindowMs: 60 * 60_000,
  /** The first wait after loginFailureAccountLimit failures, ms; doubles with each failure. */
  loginFailureAccountDelayMs: 5_000,
  /** The longest wait between tries at one account, ms (keep it below the window). */
  loginFailureAccountMaxDelayMs: 5 * 60_000,
  /** IPs remembered per account (the most recent) as exempt from the per-account wait. */
  loginKnownAddressesPerAccount: 10,
  /** Accounts one IP may create per window. */
  accountCreationLimit: 2,
  /** Window for the account creation limit, ms. */
  accountCreationWindowMs: 10 * 60_000,
  /** Most IPs (or account names) each throttle remembers; the least recently seen goes first. */
  throttleMaxKeys: 10_000,
  /** Allow `connect guest`: temporary accounts deleted on disconnect. */
  guestEnabled: false,
  /** Names handed to guests; also the number of guests at once. */
  guestNames: [
    'Guest1',
    'Guest2',
    'Guest3',
    'Guest4',
    'Guest5',
    'Guest6',
    'Guest7',
    'Guest8',
    'Guest9',
  ],

  // ---- characters and multisession (REFERENCE.md §7) ----------------------------------------
  /**
   * How sessions, accounts and characters relate:
   *   0: one session per account (a new login disconnects the old one), one character,
   *      made with the account and puppeted at login;
   *   1: many sessions per account, all sharing the one character and its output;
   *   2: many sessions, each puppeting its own character (`ic` from another session takes it
   *      over there); players choose from a character list;
   *   3: many sessions, many characters, and several sessions may share one character.
   */
  multisessionMode: 0,
  /** Make a character with each new account ('auto': yes in modes 0–1). */
  autoCreateCharacterWithAccount: 'auto' as boolean | 'auto',
  /** Puppet the last character played at login ('auto': yes in modes 0–1). */
  autoPuppetOnLogin: 'auto' as boolean | 'auto',
  /**
   * Characters one account may puppet at once, over all its sessions; superusers and
   * Developers are exempt ('auto': 1 in modes 0–1, one per session in mode 2, 10 in mode 3).
   */
  maxNrSimultaneousPuppets: 'auto' as number | 'auto',
  /** Characters one account may own (`charcreate`) ('auto': 1 in modes 0–1, 5 in modes 2–3). */
  maxNrCharacters: 'auto' as number | 'auto',
  /**
   * Where a command's replies (`this.msg` in a Command) go: true, to every session of the
   * caller — the puppet's sessions in character, the account's out of character; false, only
   * to the session that typed the line. A command class may decide for itself
   * (`msgAllSessions`), and one call too (`{ allSessions }`, `{ session }`). Questions (`ask`),
   * error notices and "Command 'x' is not available." stay on the typing session whatever this
   * says. What a character is told (`say`, `pose`, what others do) reaches all its sessions
   * regardless. ('auto': true in mode 1, false in modes 0, 2 and 3; Evennia's
   * COMMAND_DEFAULT_MSG_ALL_SESSIONS.)
   */
  commandMsgAllSessions: 'auto' as boolean | 'auto',
  /**
   * The out-of-character character screen (at login when no character is puppeted, after
   * `ooc`, and `look` while OOC) is a menu: "1: Play Ann", "2: Create a character", "3: Delete
   * a character", answered by number; any other line leaves it and runs as a command, so `ic`,
   * `charcreate` and the rest work as ever. false: the screen is plain text. ('auto': a menu
   * in modes 2 and 3, where players pick characters; text in modes 0 and 1.)
   */
  characterMenu: 'auto' as boolean | 'auto',

  // ---- channels and nicks (src/server/comms/) ------------------------------------------------
  /**
   * Channels made on the game's first start; every new account joins each one it may listen
   * to (at its first login). Evennia's DEFAULT_CHANNELS. `locks`: `listen` (who may join and
   * hear it), `send` (who may speak on it), `control` (who may change or destroy it).
   */
  defaultChannels: [
    {
      key: 'Public',
      aliases: ['pub'],
      description: 'Public discussion',
      locks: 'control:perm(Admin);listen:all();send:all()',
    },
  ] as ChannelSetting[],
  /**
   * The staff channel that reports connects, disconnects and errors (Evennia's
   * CHANNEL_MUDINFO), made on the first start; accounts that may listen to it join it at
   * their first login. null: no such channel.
   */
  mudInfoChannel: {
    key: 'MudInfo',
    aliases: [],
    description: 'Connection log and errors',
    locks: 'control:perm(Developer);listen:perm(Admin);send:false()',
  } as ChannelSetting | null,
  /** Messages each channel keeps in its history (older ones are deleted as new ones come). */
  channelHistoryMax: 1000,
  /** Messages `channel/history` shows at a time. */
  channelHistoryPageSize: 20,
  /** Channel messages one account may send per channelRateWindowMs. */
  channelRateLimit: 10,
  /** Window of the channel rate limit, ms. */
  channelRateWindowMs: 10_000,
  /** Longest channel message, in characters. */
  channelMessageMaxLength: 2000,
  /** Nicks (`nick`) one character or account may have. */
  maxNicksPerOwner: 100,
  /** Longest nick pattern or replacement, in characters. */
  nickMaxLength: 200,

  // ---- bridges: channels relayed to IRC and feeds (src/server/bridges/) ----------------------
  /**
   * Allow `irc2chan`: game channels relayed to IRC channels, through a bot the Portal runs
   * (Evennia's IRC_ENABLED). Off by default: a bridge makes the game connect out. Stored IRC
   * bridges are opened at every start only while this is on.
   */
  ircEnabled: false,
  /** Allow `rss2chan`: RSS/Atom feeds posted to game channels (Evennia's RSS_ENABLED). */
  rssEnabled: false,
  /**
   * How often the Portal reads each feed, in seconds (Evennia's RSS_UPDATE_INTERVAL). Be kind
   * to the sites you follow: ten minutes is usual, and less than a minute is for tests.
   */
  rssUpdateIntervalSeconds: 600,

  // ---- text players write (src/shared/markup/player-text.ts) ----------------------------------
  /**
   * What players' own text may hold — says, poses, whispers, pages and their descriptions:
   * 'none' (the default) shows it exactly as typed, colour codes and all; 'colour' lets colour
   * codes (`|r`, `|[B`, `|500`, `|h`, `|n`…) work, and never links, blink, line breaks or raw
   * escapes. Builders (Builder permission and up) and game code always write full markup,
   * colour and `|lc…|lt…|le` links. Decided when the text is written: changing this does not
   * change what players have already stored.
   */
  playerMarkup: 'none' as 'none' | 'colour',

  // ---- game time (src/server/timing/game-time.ts) ------------------------------------------
  /**
   * Game seconds per real second (Evennia's TIME_FACTOR): at 2 a game day lasts 12 real
   * hours. Game time = timeGameEpoch + (real now − the game's first start) × timeFactor; the
   * first start is stored in the database, so game time carries on across reloads and
   * restarts, and real time while the game is down counts too. Changing this (or the epoch)
   * recomputes the game time from the first start: the world's clock jumps.
   */
  timeFactor: 2,
  /**
   * Timers (scripts, tickers, delays) fire on a grid of this many milliseconds: at most this
   * late, never early. Those due within one step fire together and are committed in one
   * transaction, which is what lets 100,000 timers run on a fraction of a core. 0 fires each
   * exactly when due, in a transaction of its own.
   */
  timerResolutionMs: 100,
  /**
   * The game time at the game's first start: an ISO date ('1042-03-01T06:00:00Z', real
   * calendar), or game seconds from the calendar's zero (a number; with timeUnits, the way to
   * start in year 1042), or null — the real time of the first start (real calendar), the
   * calendar's zero (year 0, day 0, 00:00) with timeUnits.
   */
  timeGameEpoch: null as string | number | null,
  /**
   * The game's own calendar (Evennia's TIME_UNITS): unit name → length in whole game seconds,
   * e.g. { second: 1, minute: 60, hour: 3600, day: 86400, season: 7776000, year: 31104000 }
   * (90-day seasons, 360-day years). Each unit counts from 0 inside the next larger one; units
   * need not divide each other (a season cut short ends the year). null: the real calendar
   * (Gregorian, UTC: year, month 1–12, day 1–31, hour, minute, second).
   */
  timeUnits: null as Record<string, number> | null,

  // ---- the game directory --------------------------------------------------------------------
  /** Text shown before login, relative to the game directory. */
  connectionScreenFile: 'connection-screen.txt',

  // ---- logging -----------------------------------------------------------------------------
  /** pino level: trace, debug, info, warn, error, fatal. */
  logLevel: 'info',
};

export type DefaultSettings = typeof DEFAULT_SETTINGS;

/** A channel as `defaultChannels` and `mudInfoChannel` describe it. */
export interface ChannelSetting {
  key: string;
  aliases: string[];
  description: string;
  locks: string;
  /** A registered channel class (`game.registerChannelClass`); default 'DefaultChannel'. */
  typeclass?: string;
}
