/**
 * Test support: make an account and log in over a client whose connection screen is up. Tests
 * of what a player may do log in first: before login much smaller input budgets apply
 * (maxInputRateUnloggedIn, maxInputBytesPerSecondUnloggedIn, maxLineLengthUnloggedIn).
 */
import type { TelnetClient } from './telnet-client.ts';
import type { WsClient } from './ws-client.ts';

const PASSWORD = '"quiet harbor lights"';

/** The lines of a `create` (with its confirmation) and a `connect`, and what each answers. */
function loginSteps(name: string): Array<[line: string, answer: string]> {
  return [
    [`create ${name} ${PASSWORD}`, '[Y/n]'],
    ['yes', 'was created'],
    [`connect ${name} ${PASSWORD}`, 'You are logged in'],
  ];
}

export async function logInOverTelnet(client: TelnetClient, name: string): Promise<void> {
  for (const [line, answer] of loginSteps(name)) await client.exchange(line, answer);
}

/** In Evennia's JSON (no subprotocol) or as terminal.mudstandards.org lines. */
export async function logInOverWebSocket(client: WsClient, name: string): Promise<void> {
  for (const [line, answer] of loginSteps(name)) {
    const mark = client.text.length;
    if (client.protocol === '') client.call('text', [line]);
    else client.send(Buffer.from(`${line}\r\n`));
    await client.waitForText(answer, mark);
  }
}
