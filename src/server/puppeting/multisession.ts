/**
 * The multisession rules (REFERENCE.md §7) as plain values: the mode's table row, with each
 * of the finer settings taken from the config when it is set and from the mode when it says
 * 'auto'. Everything that differs between modes asks this object, never the mode number.
 */
import type { Config } from '../../config/load.ts';

export interface MultisessionRules {
  readonly mode: 0 | 1 | 2 | 3;
  /** A new login disconnects the account's other sessions (mode 0). */
  readonly oneSessionPerAccount: boolean;
  /**
   * `ic` on a character another own session puppets: share it (modes 1 and 3) or take it
   * over, unpuppeting it there (modes 0 and 2).
   */
  readonly sharePuppets: boolean;
  readonly autoCreateCharacter: boolean;
  readonly autoPuppetOnLogin: boolean;
  /** Distinct characters an account may puppet at once; null: no account-wide limit. */
  readonly maxPuppets: number | null;
  /** Characters an account may own. */
  readonly maxCharacters: number;
  /**
   * A command's replies (`this.msg`) go to every session of its caller rather than only the
   * session that typed the line (the command handler's default; see command.ts).
   */
  readonly commandMsgAllSessions: boolean;
}

type MultisessionSettings = Pick<
  Config,
  | 'multisessionMode'
  | 'autoCreateCharacterWithAccount'
  | 'autoPuppetOnLogin'
  | 'maxNrSimultaneousPuppets'
  | 'maxNrCharacters'
> &
  // Optional: callers that predate it (and tests of the other rules) get the mode's answer.
  Partial<Pick<Config, 'commandMsgAllSessions'>>;

const BY_MODE = {
  0: { share: false, auto: true, puppets: 1, characters: 1, msgAll: false },
  // Every client of the account is one view of the one character: all see every reply.
  1: { share: true, auto: true, puppets: 1, characters: 1, msgAll: true },
  // One puppet per session: a session's `ic` lets go of its old puppet first, so the account
  // needs no limit of its own.
  2: { share: false, auto: false, puppets: null, characters: 5, msgAll: false },
  // Sessions sharing a character all hear what it is told (object.msg), but a command's own
  // reply — a `look`, a list — stays with the window that asked for it.
  3: { share: true, auto: false, puppets: 10, characters: 5, msgAll: false },
} as const;

export function multisessionRules(settings: MultisessionSettings): MultisessionRules {
  const mode = settings.multisessionMode;
  const row = BY_MODE[mode];
  const pick = <T>(value: T | 'auto', auto: T): T => (value === 'auto' ? auto : value);
  return Object.freeze({
    mode,
    oneSessionPerAccount: mode === 0,
    sharePuppets: row.share,
    autoCreateCharacter: pick(settings.autoCreateCharacterWithAccount, row.auto),
    autoPuppetOnLogin: pick(settings.autoPuppetOnLogin, row.auto),
    maxPuppets: pick<number | null>(settings.maxNrSimultaneousPuppets, row.puppets),
    maxCharacters: pick(settings.maxNrCharacters, row.characters),
    commandMsgAllSessions: pick(settings.commandMsgAllSessions ?? 'auto', row.msgAll),
  });
}
