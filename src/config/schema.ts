/**
 * Validation of the merged settings. Every key of DEFAULT_SETTINGS has a rule here; unknown
 * keys are refused (a misspelt setting must not be silently ignored).
 */
import { z } from 'zod';

const port = z.number().int().min(0).max(65535);
const positiveInt = z.number().int().positive();
const host = z.string().min(1);
/** A channel made on the first start (`defaultChannels`, `mudInfoChannel`). */
const channelSetting = z
  .object({
    key: z.string().min(1).max(30),
    aliases: z.array(z.string().min(1).max(30)).max(10),
    description: z.string().max(200),
    locks: z.string(),
    typeclass: z.string().min(1).optional(),
  })
  .strict();

export const settingsSchema = z
  .object({
    serverName: z.string().min(1).max(80),
    telnetEnabled: z.boolean(),
    telnetPort: port,
    telnetInterface: host,
    webEnabled: z.boolean(),
    webPort: port,
    webInterface: host,
    webAllowedOrigins: z.array(
      z
        .string()
        .refine(
          (o) => o === '*' || /^https?:\/\/[^/]+$/i.test(o),
          "an origin is a scheme and host, e.g. 'https://play.example.com' (no path), or '*'",
        ),
    ),
    telnetTlsEnabled: z.boolean(),
    telnetTlsPort: port,
    telnetTlsInterface: host,
    tlsCertFile: z.string(),
    tlsKeyFile: z.string(),
    sshEnabled: z.boolean(),
    sshPort: port,
    sshInterface: host,
    sshHostKeyFile: z.string(),
    webSessionGraceSeconds: z.number().min(0),
    linkPort: port,
    linkInterface: host,
    linkSecret: z.string(),
    linkMaxFrameBytes: z
      .number()
      .int()
      .min(64 * 1024),
    linkMaxBufferedBytes: z
      .number()
      .int()
      .min(1024 * 1024),
    linkHandshakeTimeoutMs: positiveInt,
    maxLineLength: positiveInt,
    maxInputRate: positiveInt,
    maxInputRateUnloggedIn: positiveInt,
    maxInputBytesPerSecondUnloggedIn: z.number().int().min(256),
    maxLineLengthUnloggedIn: positiveInt,
    maxQueuedInputPerSession: positiveInt,
    maxOutputBufferBytes: z.number().int().min(4096),
    maxHeldInputLines: z.number().int().min(0),
    telnetCompression: z.boolean(),
    telnetMaxGmcpBytes: z
      .number()
      .int()
      .min(256)
      .max(1024 * 1024),
    msspFields: z.record(
      z.string().regex(/^[A-Z0-9_ -]{1,40}$/i, 'MSSP field names are short words'),
      z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]),
    ),
    telnetKeepaliveSeconds: z.number().min(0),
    idleTimeoutSeconds: z.number().min(0),
    idleTimeoutExemptLock: z.string(),
    maxProtocolErrors: z.number().int().min(0),
    protocolErrorWindowSeconds: z.number().positive(),
    maxConnections: z.union([positiveInt, z.literal('auto')]),
    maxConnectionsPerAddress: z.number().int().min(0),
    newConnectionsPerAddress: z.number().int().min(0),
    newConnectionsWindowSeconds: z.number().positive(),
    connectionLimitsExempt: z.array(z.string().min(1)),
    unloggedInTimeoutSeconds: z.number().min(0),
    maxWaitingWebSessions: z.number().int().min(0),
    serverStartTimeoutSeconds: z.number().positive(),
    serverRestartDelayMs: positiveInt,
    serverRestartMaxDelayMs: positiveInt,
    serverMaxStartFailures: positiveInt,
    serverOrphanTimeoutSeconds: z.number().positive(),
    databaseUrl: z.union([
      z.literal(''),
      z.string().regex(/^postgres(ql)?:\/\//, 'must be empty or a postgres:// URL'),
    ]),
    databaseFile: z.string().min(1),
    accountNameMinLength: z.number().int().min(1).max(100),
    accountNameMaxLength: z.number().int().min(1).max(200),
    reservedAccountNames: z.array(z.string()),
    passwordMinLength: z.number().int().min(1),
    passwordMaxLength: z.number().int().min(8).max(4096),
    argon2MemoryCost: z.number().int().min(1024),
    argon2TimeCost: z.number().int().min(1),
    argon2Parallelism: z.number().int().min(1).max(16),
    loginFailureLimit: positiveInt,
    loginFailureWindowMs: positiveInt,
    loginFailureBlockMs: z.number().int().min(0),
    loginFailureAccountLimit: z.number().int().min(0),
    loginFailureAccountWindowMs: positiveInt,
    loginFailureAccountDelayMs: positiveInt,
    loginFailureAccountMaxDelayMs: positiveInt,
    loginKnownAddressesPerAccount: z.number().int().min(0).max(1000),
    accountCreationLimit: positiveInt,
    accountCreationWindowMs: positiveInt,
    throttleMaxKeys: positiveInt,
    guestEnabled: z.boolean(),
    guestNames: z.array(z.string().min(1)).min(1),
    multisessionMode: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
    autoCreateCharacterWithAccount: z.union([z.boolean(), z.literal('auto')]),
    autoPuppetOnLogin: z.union([z.boolean(), z.literal('auto')]),
    maxNrSimultaneousPuppets: z.union([positiveInt, z.literal('auto')]),
    maxNrCharacters: z.union([z.number().int().min(0), z.literal('auto')]),
    commandMsgAllSessions: z.union([z.boolean(), z.literal('auto')]),
    characterMenu: z.union([z.boolean(), z.literal('auto')]),
    defaultChannels: z.array(channelSetting).max(20),
    mudInfoChannel: z.union([z.null(), channelSetting]),
    channelHistoryMax: z.number().int().min(1).max(1_000_000),
    channelHistoryPageSize: z.number().int().min(1).max(500),
    channelRateLimit: positiveInt,
    channelRateWindowMs: positiveInt,
    channelMessageMaxLength: z.number().int().min(1).max(100_000),
    maxNicksPerOwner: z.number().int().min(0).max(10_000),
    nickMaxLength: z.number().int().min(1).max(2000),
    ircEnabled: z.boolean(),
    rssEnabled: z.boolean(),
    rssUpdateIntervalSeconds: z.number().int().min(1).max(86_400),
    playerMarkup: z.enum(['none', 'colour']),
    timeFactor: z.number().positive().finite(),
    timerResolutionMs: z.number().int().min(0).max(10_000),
    timeGameEpoch: z.union([
      z.null(),
      z.number().finite(),
      z.string().refine((d) => !Number.isNaN(Date.parse(d)), "a date, e.g. '1042-03-01T06:00:00Z'"),
    ]),
    timeUnits: z.union([
      z.null(),
      z
        .record(
          z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'unit names are words, e.g. season'),
          z.number().int().positive(),
        )
        .refine((u) => Object.keys(u).length > 0, 'a calendar needs at least one unit')
        .refine(
          (u) => new Set(Object.values(u)).size === Object.keys(u).length,
          'two units have the same length; give each unit one name',
        ),
    ]),
    connectionScreenFile: z.string().min(1),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
  })
  .strict()
  .superRefine((s, ctx) => {
    const loopback =
      s.linkInterface === '127.0.0.1' ||
      s.linkInterface === '::1' ||
      s.linkInterface === 'localhost';
    if (!loopback && s.linkSecret === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['linkSecret'],
        message: `is required when linkInterface (${s.linkInterface}) is not loopback`,
      });
    }
  })
  .superRefine((s, ctx) => {
    if (s.timeUnits !== null && typeof s.timeGameEpoch === 'string') {
      ctx.addIssue({
        code: 'custom',
        path: ['timeGameEpoch'],
        message: 'a date needs the real calendar; with timeUnits give game seconds (a number)',
      });
    }
    if (s.timeUnits !== null && typeof s.timeGameEpoch === 'number' && s.timeGameEpoch < 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['timeGameEpoch'],
        message: "game seconds from the calendar's zero, 0 or more",
      });
    }
  })
  .superRefine((s, ctx) => {
    if (s.loginFailureAccountMaxDelayMs < s.loginFailureAccountDelayMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['loginFailureAccountMaxDelayMs'],
        message: `must be at least loginFailureAccountDelayMs (${s.loginFailureAccountDelayMs})`,
      });
    }
  });

export type Settings = z.infer<typeof settingsSchema>;
