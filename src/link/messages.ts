/**
 * Every message that crosses the link, as typed, versioned discriminated unions (DESIGN.md §3).
 *
 * Each direction has its own union; the receiving end validates a decoded frame against the
 * union for its direction before anything else sees it, and dispatches with an exhaustive
 * `switch` on `t`. Nothing executable crosses: only data. Wire names are stable: renaming
 * one is a protocol change and needs LINK_PROTOCOL_VERSION bumped.
 */
import { z } from 'zod';
import { SUID_PATTERN } from '../shared/session-data.ts';
import { LINK_MAGIC } from './version.ts';

const flagValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const funcCallSchema = z.tuple([
  z.string().min(1).max(200),
  z.array(z.unknown()),
  z.record(z.string(), z.unknown()),
]);

const sessid = z.number().int().positive();

/**
 * One session's synced fields (shared/session-data.ts SessionSyncEntry). In the full copies
 * (`sessionConnected`, `allSessions`) `protocolFlags` is the whole set; in the updates
 * (`sessionSynced`, `syncSessions`) only the flags that changed, which the receiver merges
 * (shared/flag-sync.ts). `flagsSeq` counts the Portal's flag updates of the session: from the
 * Portal, up to this one; from the Server, up to the last one it had taken.
 */
export const sessionSyncSchema = z.object({
  sessid,
  suid: z.string().regex(SUID_PATTERN),
  protocolKey: z.string(),
  address: z.string(),
  loggedIn: z.boolean(),
  uid: z.number().int().nullable(),
  uname: z.string().nullable(),
  puid: z.number().int().nullable(),
  connTime: z.number(),
  cmdLast: z.number(),
  cmdLastVisible: z.number(),
  cmdTotal: z.number().int().nonnegative(),
  protocolFlags: z.record(z.string(), flagValue),
  serverData: z.record(z.string(), z.unknown()),
  csessid: z.string().nullable(),
  flagsSeq: z.number().int().nonnegative(),
});

/** Names one bridge (an outbound connection the Server asked for), e.g. `irc-3`. */
export const bridgeIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/);

export const linkRoleSchema = z.enum(['server', 'launcher']);
export type LinkRole = z.infer<typeof linkRoleSchema>;

// ---- handshake (the first frames each way; see handshake.ts) ------------------------------

/** A random challenge value: 32 bytes, base64url. */
const nonce = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** An HMAC-SHA256, base64url. */
const proof = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** Client → Portal: who is calling, which protocol it speaks, and its challenge to the Portal. */
export const helloSchema = z
  .object({
    t: z.literal('hello'),
    magic: z.literal(LINK_MAGIC),
    version: z.number().int(),
    role: linkRoleSchema,
    pid: z.number().int(),
    nonce,
  })
  .strict();

/**
 * Portal → client: the Portal's challenge, and its proof that it holds the link secret. `game`
 * says which game it serves (not a secret), so a launcher of another game sharing the port can
 * say so rather than "wrong secret".
 */
export const challengeSchema = z.object({
  t: z.literal('challenge'),
  magic: z.literal(LINK_MAGIC),
  version: z.number().int(),
  nonce,
  proof,
  game: z.object({ dir: z.string().max(4096), id: z.string().max(100), name: z.string().max(200) }),
});

/**
 * Client → Portal: its proof that it holds the secret; a Server the Portal started also proves
 * the one-time token the Portal handed it.
 */
export const answerSchema = z
  .object({
    t: z.literal('answer'),
    proof,
    tokenProof: proof.optional(),
  })
  .strict();

/** Portal → client: accepted. The boot id changes every time a Portal process starts. */
export const welcomeSchema = z.object({
  t: z.literal('welcome'),
  magic: z.literal(LINK_MAGIC),
  version: z.number().int(),
  bootId: z.string(),
  portalPid: z.number().int(),
  portalStartedAt: z.number(),
});

/** Either way: the peer is not accepted; the sender closes right after. */
export const refusedSchema = z.object({
  t: z.literal('refused'),
  code: z.string(),
  reason: z.string(),
});

// ---- Portal → Server -----------------------------------------------------------------------

const stopModeSchema = z.enum(['reload', 'reset', 'shutdown']);
export type StopMode = z.infer<typeof stopModeSchema>;

export const portalToServerSchema = z.discriminatedUnion('t', [
  /**
   * A new connection, in full; the Server creates its ServerSession and shows the connection
   * screen. One announcement (numbered on this link after the `allSessions` reply).
   */
  z.object({ t: z.literal('sessionConnected'), session: sessionSyncSchema }),
  /** The Portal changed a session's protocol flags (negotiation, a resize…): only those. */
  z.object({ t: z.literal('sessionSynced'), session: sessionSyncSchema }),
  /** The client went away. */
  z.object({ t: z.literal('sessionClosed'), sessid, reason: z.string() }),
  /** The Portal is shutting down and every connection is gone. */
  z.object({ t: z.literal('allSessionsClosed'), reason: z.string() }),
  /** Player input, in order, as inputfunc calls. */
  z.object({ t: z.literal('input'), sessid, cmds: z.array(funcCallSchema) }),
  /**
   * Reply to `getAllSessions`: everything needed to rebuild the Server's sessions, in full.
   * The link's first announcement of sessions.
   */
  z.object({
    t: z.literal('allSessions'),
    bootId: z.string(),
    portalStartedAt: z.number(),
    sessions: z.array(sessionSyncSchema),
  }),
  /** The launcher (or an admin) asked the Server to stop; `mode` says what comes next. */
  z.object({ t: z.literal('stopServer'), mode: stopModeSchema, reason: z.string() }),
  /**
   * A reload or reset this Server asked for (`requestStop`) did not happen: the new Server did
   * not load. This Server keeps serving; `message` says why (`file:line:column: message`).
   */
  z.object({
    t: z.literal('stopFailed'),
    mode: stopModeSchema,
    code: z.string(),
    message: z.string(),
  }),
  /**
   * The Portal would not open the outbound connection `serverConnect` asked for: an unknown
   * kind (a Portal of another version) or a config its kind refuses. Nothing runs for it.
   */
  z.object({
    t: z.literal('bridgeRefused'),
    bridgeId: bridgeIdSchema,
    code: z.string(),
    message: z.string(),
  }),
]);
export type PortalToServer = z.infer<typeof portalToServerSchema>;

// ---- Server → Portal -----------------------------------------------------------------------

export const serverToPortalSchema = z.discriminatedUnion('t', [
  /** First message after the handshake: send me every session you hold. */
  z.object({ t: z.literal('getAllSessions') }),
  /** Sessions rebuilt; the Portal may release input it held while the Server was away. */
  z.object({ t: z.literal('serverReady'), pid: z.number().int(), sessionCount: z.number().int() }),
  /** A session authenticated. */
  z.object({
    t: z.literal('sessionLoggedIn'),
    sessid,
    uid: z.number().int(),
    uname: z.string(),
  }),
  /** Close one connection, telling the player why. */
  z.object({ t: z.literal('disconnect'), sessid, reason: z.string() }),
  /** Close every connection, telling each player why. */
  z.object({ t: z.literal('disconnectAll'), reason: z.string() }),
  /**
   * Store these sessions' synced fields (flags: only those changed). With `clean` the Server
   * lists every session it holds (before a reload, reset or stop: Evennia's
   * `server_session_sync(clean=True)`), and `through` counts the announcements of sessions it
   * had taken on this link: the Portal closes unlisted sessions announced by then, and keeps
   * later ones (their `sessionConnected` is still on its way).
   */
  z
    .object({
      t: z.literal('syncSessions'),
      sessions: z.array(sessionSyncSchema),
      clean: z.boolean(),
      through: z.number().int().nonnegative().optional(),
    })
    .refine((m) => !m.clean || m.through !== undefined, {
      message: 'a clean sync needs `through`',
      path: ['through'],
    }),
  /** Output for one session, as outputfunc calls. */
  z.object({ t: z.literal('output'), sessid, cmds: z.array(funcCallSchema) }),
  /**
   * The same output for several sessions, delivered to each in the order listed, as that many
   * `output` messages in a row would be. The link writes a run of identical `output` messages
   * (a room-wide message) this way, so the calls cross — and are parsed — once.
   */
  z.object({
    t: z.literal('outputShared'),
    sessids: z.array(sessid).min(1),
    cmds: z.array(funcCallSchema),
  }),
  /** Game code asked for a reload, a reset, a Server-only stop or a full shutdown. */
  z.object({
    t: z.literal('requestStop'),
    mode: stopModeSchema,
    all: z.boolean(),
    reason: z.string(),
  }),
  /**
   * Sent right before a Server that was asked to stop exits; the Portal then knows the exit is
   * wanted and, for reload/reset, starts the next Server.
   */
  z.object({ t: z.literal('serverStopping'), mode: stopModeSchema }),
  /**
   * Open (or keep) an outbound connection of a named kind (`irc`, `rss`: the Portal's registry,
   * src/portal/outbound/) as a session of its own, marked with `serverData.bridge = bridgeId`.
   * `config` is data the kind validates; a bridge already running with the same config is left
   * as it is, so a Server sends this for every stored bridge at each start. Evennia's
   * `server_connect(protocol_path, config)`.
   */
  z.object({
    t: z.literal('serverConnect'),
    bridgeId: bridgeIdSchema,
    kind: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
    config: z.record(z.string(), z.unknown()),
  }),
  /** Close a bridge's outbound connection and its session (the bridge was deleted). */
  z.object({ t: z.literal('serverDisconnect'), bridgeId: bridgeIdSchema, reason: z.string() }),
]);
export type ServerToPortal = z.infer<typeof serverToPortalSchema>;

// ---- launcher ⇄ Portal ---------------------------------------------------------------------

export const launcherToPortalSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('adminStatus') }),
  z.object({ t: z.literal('adminStartServer') }),
  z.object({ t: z.literal('adminReload') }),
  z.object({ t: z.literal('adminReset') }),
  z.object({ t: z.literal('adminStopServer') }),
  z.object({ t: z.literal('adminStopAll') }),
]);
export type LauncherToPortal = z.infer<typeof launcherToPortalSchema>;

export const serverStateSchema = z.enum([
  'running',
  'starting',
  'stopping',
  'restarting',
  'stopped',
  /** It failed at start too many times in a row; it waits for a fix and `waystone reload`. */
  'down',
]);
export type ServerState = z.infer<typeof serverStateSchema>;

export const portalStatusSchema = z.object({
  portal: z.object({
    pid: z.number().int(),
    bootId: z.string(),
    startedAt: z.number(),
    ports: z.record(z.string(), z.number().int()),
  }),
  /** Which game this Portal serves, so a launcher never acts on another game's Portal. */
  game: z.object({
    /** The game directory's real path (symlinks resolved). */
    dir: z.string(),
    /** The id made when the game was created (`.waystone/game-id`). */
    id: z.string(),
    name: z.string(),
  }),
  server: z.object({
    state: serverStateSchema,
    pid: z.number().int().nullable(),
    startedAt: z.number().nullable(),
    restarts: z.number().int(),
    lastExit: z.string().nullable(),
    /** Why the last Server that failed to start failed (`file:line:column: message`). */
    lastError: z.string().nullable(),
  }),
  sessions: z.object({ total: z.number().int(), loggedIn: z.number().int() }),
});
export type PortalStatus = z.infer<typeof portalStatusSchema>;

export const portalToLauncherSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('adminStatusReply'), status: portalStatusSchema }),
  /** The outcome of an admin request; `ok: false` carries a code and a human reason. */
  z.object({
    t: z.literal('adminResult'),
    ok: z.boolean(),
    code: z.string().optional(),
    message: z.string(),
  }),
]);
export type PortalToLauncher = z.infer<typeof portalToLauncherSchema>;

export type Hello = z.infer<typeof helloSchema>;
export type Challenge = z.infer<typeof challengeSchema>;
export type Answer = z.infer<typeof answerSchema>;
export type Welcome = z.infer<typeof welcomeSchema>;
export type Refused = z.infer<typeof refusedSchema>;
