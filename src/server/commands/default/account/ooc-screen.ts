/**
 * The out-of-character screen: who you are, your sessions, and your characters with where
 * each is and who plays it — what `look` shows while OOC, and what a login shows when the
 * multisession rules do not puppet a character at once (modes 2 and 3).
 */
import type { DefaultAccount } from '../../../accounts/account.ts';
import type { Puppeting } from '../../../puppeting/puppeting.ts';
import type { ServerSession } from '../../../sessions/server-session.ts';

type Account = DefaultAccount<ServerSession>;

export function oocScreen(session: ServerSession, puppeting: Puppeting): string {
  const account = session.account as Account;
  const characters = puppeting.characters(account);
  const lines = oocSummary(session, puppeting);
  const hints = ['"ic <name>" to play a character'];
  if (characters.length < puppeting.rules.maxCharacters) {
    hints.push('"charcreate <name> [= description]" to make one');
  }
  lines.push('', `Type ${hints.join(', ')}; "help" lists everything.`);
  return lines.join('\n');
}

/** The screen's lines without the hint (the character menu adds its choices instead). */
export function oocSummary(session: ServerSession, puppeting: Puppeting): string[] {
  const account = session.account as Account;
  const characters = puppeting.characters(account);
  const max = puppeting.rules.maxCharacters;
  const lines = [
    `Account ${account.name}`,
    `  Sessions: ${account.sessions.length} (this is session ${session.sessid})`,
    '',
  ];
  if (characters.length === 0) {
    lines.push(`You have no characters yet (you may make ${max}).`);
  } else {
    lines.push(`Your characters (${characters.length} of ${max}):`);
    for (const character of characters) {
      const where = character.location ? ` [${character.location.getDisplayName(null)}]` : '';
      const holders = character.sessions.all().map((s) => s.sessid);
      const played =
        holders.length === 0
          ? ''
          : holders.includes(session.sessid)
            ? ' (played by you)'
            : ` (played by session ${holders.join(', ')})`;
      lines.push(`  ${character.getDisplayName(null)}${where}${played}`);
    }
  }
  return lines;
}
