import { describe, expect, it } from 'vitest';
import { OPT, type NegotiationVerb } from './constants.ts';
import { buildNegotiation, buildSubnegotiation } from './output.ts';
import { TelnetParser } from './parser.ts';
import { STORM_BURST, TelnetProtocol } from './protocol.ts';
import { h, harness, hex, neg, runBytes, silentLog } from './protocol-harness.ts';

/** Not SGA: a server's WILL SGA puts BSD telnet in character mode (see options/sga.ts). */
const OFFERS = [
  neg('WILL', OPT.EOR),
  neg('DO', OPT.NAWS),
  neg('DO', OPT.TTYPE),
  neg('WILL', OPT.CHARSET),
  neg('DO', OPT.NEW_ENVIRON),
  neg('WILL', OPT.MSSP),
  neg('WILL', OPT.MSDP),
  neg('WILL', OPT.GMCP),
  neg('WILL', OPT.MCCP2),
  neg('WILL', OPT.MCCP3),
  neg('WILL', OPT.MXP),
].join(' ');

/**
 * A peer that answers everything: every WILL/WONT/DO/DONT with agreement (even to an
 * acknowledgement, the classic loop of RFC 1143 §2), every TTYPE SEND with a new name, every
 * CHARSET REQUEST with ACCEPTED, every NEW-ENVIRON SEND with IS. Compression is left out:
 * its bytes are not telnet.
 */
function eagerPeer(): (bytes: Buffer) => Buffer {
  const parser = new TelnetParser();
  let names = 0;
  const agree: Record<NegotiationVerb, NegotiationVerb> = {
    WILL: 'DO',
    WONT: 'DONT',
    DO: 'WILL',
    DONT: 'WONT',
  };
  return (bytes) => {
    const out: Buffer[] = [];
    for (const event of parser.push(bytes)) {
      if (event.kind === 'negotiate') {
        out.push(buildNegotiation(agree[event.verb], event.option));
        if (event.verb === 'DO' && event.option === OPT.NAWS) {
          out.push(buildSubnegotiation(OPT.NAWS, Buffer.from([0, 100, 0, 30])));
        }
      } else if (event.kind === 'subnegotiation') {
        if (event.option === OPT.TTYPE) {
          names += 1;
          out.push(buildSubnegotiation(OPT.TTYPE, Buffer.from(`\x00NAME${names}`)));
        } else if (event.option === OPT.CHARSET && event.payload[0] === 1) {
          out.push(buildSubnegotiation(OPT.CHARSET, Buffer.from('\x02UTF-8')));
        } else if (event.option === OPT.NEW_ENVIRON) {
          out.push(
            buildSubnegotiation(OPT.NEW_ENVIRON, Buffer.from('\x00\x00CLIENT_NAME\x01Eager')),
          );
        }
      }
    }
    return Buffer.concat(out);
  };
}

describe('TelnetProtocol', () => {
  it('offers its options once when the connection opens', () => {
    const t = harness();
    t.protocol.start();
    expect(t.takeOut()).toBe(h(OFFERS));
  });

  it('settles against a peer that answers everything, without looping', () => {
    const t = harness({ compression: false });
    const peer = eagerPeer();
    t.protocol.start();
    let rounds = 0;
    let total = 0;
    for (let toPeer = Buffer.from(t.takeOut(), 'hex'); toPeer.length > 0; rounds += 1) {
      expect(rounds).toBeLessThan(10);
      const reply = peer(toPeer);
      total += reply.length;
      t.feed(reply);
      toPeer = Buffer.from(t.takeOut(), 'hex');
    }
    expect(rounds).toBeLessThanOrEqual(6);
    expect(total).toBeLessThan(2000);
    expect(t.rec.settled).toBe(1);
    expect(t.protocol.settled).toBe(true);
    expect(t.protocol.ttype.answerCount).toBeLessThanOrEqual(4);
    expect(t.rec.flags).toMatchObject({
      SCREENWIDTH: 100,
      SCREENHEIGHT: 30,
      'UTF-8': true,
      EOR: true,
      GMCP: true,
      MSDP: true,
      OOB: true,
      MXP: true,
      TTYPE: true,
    });
  });

  it('is not settled, and says nothing, while a silent client has not answered', () => {
    const t = harness({ start: true });
    expect(t.protocol.settled).toBe(false);
    expect(t.rec.settled).toBe(0);
  });

  it('refuses unknown options once', () => {
    const t = runBytes(
      `${neg('WILL', 200)} ${neg('WILL', 200)} ${neg('DO', 202)} ${neg('DO', 202)}`,
    );
    expect(t.rec.out).toBe(h(`${neg('DONT', 200)} ${neg('WONT', 202)}`));
  });

  it('bounds a negotiation storm: replies stop at the budget and data still flows', () => {
    let clock = 0;
    const t = harness({ start: true, now: () => clock });
    const storm = `${neg('WILL', OPT.NAWS)} ${neg('WONT', OPT.NAWS)} `.repeat(10_000);
    t.feed(`${storm} 68 69 0d 0a`);
    const replies = t.takeOut().length / 6; // three bytes each
    expect(replies).toBeLessThanOrEqual(STORM_BURST);
    expect(Buffer.from(t.rec.data, 'hex').toString()).toBe('hi\r\n');
    // Once it calms down, negotiation works again.
    clock += 10_000;
    t.feed(neg('WILL', OPT.TTYPE));
    expect(t.takeOut()).toBe(h('ff fa 18 01 ff f0')); // TTYPE SEND after our earlier DO
  });

  it('passes NOP and AYT to the connection as commands', () => {
    const t = runBytes('ff f1 ff f6');
    expect(t.rec.commands).toEqual([0xf1, 0xf6]);
  });

  it('reports malformed input to the connection, and a storm once', () => {
    // IAC SB ECHO IAC LF: a subnegotiation cut short (the sequence of issue 12).
    const t = runBytes('ff fa 01 ff 0a '.repeat(3) + 'ff fa ff f0');
    expect(t.rec.malformed).toEqual([
      'TELNET_SB_UNTERMINATED',
      'TELNET_SB_UNTERMINATED',
      'TELNET_SB_UNTERMINATED',
      'TELNET_SB_EMPTY',
    ]);
    const storm = harness({ start: true, now: () => 0 });
    storm.feed(`${neg('WILL', 200)} `.repeat(STORM_BURST * 3));
    expect(storm.rec.malformed).toEqual(['TELNET_NEGOTIATION_STORM']);
  });

  it('drops the rest of the input, even of the chunk being parsed, after stopInput', () => {
    let malformed = 0;
    let data = '';
    const protocol: TelnetProtocol = new TelnetProtocol(
      {
        write: () => undefined,
        data: (bytes) => (data += bytes.toString('latin1')),
        command: () => undefined,
        flags: () => undefined,
        input: () => undefined,
        keepalive: () => undefined,
        refuse: () => undefined,
        // The connection stops input from inside this hook when it closes.
        malformed: () => {
          malformed += 1;
          if (malformed === 2) protocol.stopInput();
        },
      },
      { mssp: { serverName: 'Testgame', players: () => 0, startedAt: 0, fields: {} } },
      silentLog,
    );
    protocol.receive(Buffer.concat([hex('ff fa 01 ff 0a '.repeat(100)), Buffer.from('look\r\n')]));
    protocol.receive(Buffer.from('hi\r\n'));
    expect(malformed).toBe(2);
    expect(data).toBe('');
  });
});
