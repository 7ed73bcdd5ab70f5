/**
 * What the default commands need from the running Server, built once by the composition root
 * and handed to the cmdsets' constructors. Commands never reach for process-wide state.
 */
import type { Config } from '../config/load.ts';
import type { StopMode } from '../link/messages.ts';
import type { AccountManager } from './accounts/account-manager.ts';
import type { AccessGuard } from './login/access-guard.ts';
import type { LoginService } from './login/login-service.ts';
import type { ServerSession } from './sessions/server-session.ts';
import type { ServerSessionHandler } from './sessions/server-session-handler.ts';

export interface GameServices {
  readonly config: Config;
  readonly version: string;
  readonly sessions: ServerSessionHandler;
  readonly accounts: AccountManager<ServerSession>;
  readonly login: LoginService;
  readonly guard: AccessGuard;
  /** The text shown before login. */
  connectionScreen(): string;
  /** Seconds since the Portal started (a reload does not reset it). */
  uptimeSeconds(): number;
  /** Ask the Portal for a reload, reset or shutdown (admin commands). */
  requestStop(mode: StopMode, all: boolean, reason: string): void;
}
