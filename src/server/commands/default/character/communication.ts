/**
 * Talking to someone in particular: `whisper` (someone in the room; nobody else hears it) and
 * `page` (accounts online anywhere in the game). What players type is neutralised before
 * anyone else sees it. A whisper speaks through the character's `atSay` hook, so the
 * whisperer's line reaches every session sharing the character, and the receiver's all of its.
 */
import { nameKey } from '../../../accounts/names.ts';
import type { GameServices } from '../../../game-services.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import { neutralise, playerText } from '../../../../shared/markup/index.ts';
import type { CallerEntity } from '../../caller.ts';
import { Command } from '../../command.ts';
import { puppetOf } from './puppet.ts';

/** At most this many recipients per page, so one line cannot fan out without bound. */
export const MAX_PAGE_RECIPIENTS = 10;
/** How many received pages `page` alone shows back (kept per session, gone at logout). */
export const PAGES_KEPT = 10;
const PAGES_KEY = 'pagesReceived';

/** A session as page needs it: its account, and its non-persistent attributes. */
interface PageSession {
  readonly account: Pageable | null;
  readonly ndb?: Record<string, unknown>;
}

function pagesOf(session: PageSession): string[] {
  const kept = session.ndb?.[PAGES_KEY];
  return Array.isArray(kept) ? (kept as string[]) : [];
}

/** `a = b` → ['a', 'b'] (both trimmed), or null without an `=` or with an empty side. */
function splitAssignment(args: string): [string, string] | null {
  const at = args.indexOf('=');
  if (at === -1) return null;
  const left = args.slice(0, at).trim();
  const right = args.slice(at + 1).trim();
  return left === '' || right === '' ? null : [left, right];
}

export class CmdWhisper extends Command {
  override key = 'whisper';
  override help = `
    Speak privately to someone in the room; nobody else hears it.

    Usage:
      whisper <character> = <message>
  `;

  async func(): Promise<void> {
    const self = puppetOf(this);
    const parts = splitAssignment(this.args);
    if (parts === null) {
      this.msg('Usage: whisper <character> = <message>');
      return;
    }
    const here = self.location;
    const others = here === null ? [] : here.contents.filter((o) => o.isCharacter && o !== self);
    const target = self.search(parts[0], { candidates: others });
    if (target === null) return;
    await self.atSay(parts[1], { whisper: true, receivers: target });
  }
}

/** An online account as `page` needs it. */
interface Pageable extends CallerEntity {
  readonly id: number;
  readonly name: string;
}

export class CmdPage extends Command {
  override key = 'page';
  override aliases = ['tell'];
  override help = `
    Send a message to players online anywhere in the game.

    Usage:
      page <account>[, <account>…] = <message>
      page           the last pages you got
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  func(): void {
    if (this.args.trim() === '') {
      const pages = pagesOf(this.session as unknown as PageSession);
      this.msg(
        pages.length === 0
          ? 'You have not been paged (since you connected).'
          : ['Your latest pages:', ...pages.map((p) => `  ${p}`)].join('\n'),
      );
      return;
    }
    const parts = splitAssignment(this.args);
    if (parts === null) {
      this.msg('Usage: page <account>[, <account>…] = <message>');
      return;
    }
    // Names match as account names do (case and width aside: nameKey), but a refusal repeats
    // the name as it was typed.
    const names = new Map<string, string>();
    for (const typed of parts[0].split(',')) {
      const name = typed.trim();
      if (name !== '' && !names.has(nameKey(name))) names.set(nameKey(name), name);
    }
    if (names.size > MAX_PAGE_RECIPIENTS) {
      this.msg(`You can page at most ${MAX_PAGE_RECIPIENTS} accounts at once.`);
      return;
    }
    const online = this.onlineAccounts();
    const found: Pageable[] = [];
    for (const [wanted, typed] of names) {
      const account = online.find((a) => nameKey(a.name) === wanted);
      if (account === undefined) this.msg(`No one called '${neutralise(typed)}' is online.`);
      else if (!found.includes(account)) found.push(account);
    }
    if (found.length === 0) return;
    const message = playerText(parts[1], this.services.objects.playerMarkup);
    const sender = neutralise(this.senderName());
    const text = `${sender} pages: ${message}`;
    for (const account of found) {
      account.msg(text);
      for (const session of this.sessionsOf(account)) remember(session, text);
    }
    this.msg(`You paged ${found.map((a) => neutralise(a.name)).join(', ')} with: "${message}".`);
  }

  private senderName(): string {
    const account = this.account as Partial<Pageable> | null;
    return account?.name ?? (puppetOf(this) as DefaultObject).key;
  }

  /** Each logged-in account once. */
  private onlineAccounts(): Pageable[] {
    const byId = new Map<number, Pageable>();
    for (const session of this.sessions()) {
      if (session.account !== null) byId.set(session.account.id, session.account);
    }
    return [...byId.values()];
  }

  private sessionsOf(account: Pageable): PageSession[] {
    return this.sessions().filter((s) => s.account?.id === account.id);
  }

  private sessions(): PageSession[] {
    return this.services.sessions.all() as unknown as PageSession[];
  }
}

/** Keeps the latest PAGES_KEPT pages on the session. */
function remember(session: PageSession, text: string): void {
  if (session.ndb === undefined) return;
  session.ndb[PAGES_KEY] = [...pagesOf(session), text].slice(-PAGES_KEPT);
}
