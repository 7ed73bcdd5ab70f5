import { describe, expect, it } from 'vitest';
import { OPT, type NegotiationVerb } from './constants.ts';
import {
  OptionNegotiator,
  qTransition,
  type OptionPolicy,
  type OptionSide,
  type QEvent,
  type QQueue,
  type QState,
} from './negotiation.ts';
import { TelnetParser } from './parser.ts';

type Row = [QState, QQueue, QEvent, boolean, QState, QQueue, 'enable' | 'disable' | null];

// RFC 1143 §7, every row; `accept` only matters for peer-enable in NO.
const RFC_1143_ROWS: Row[] = [
  // Upon receiving WILL (remote) / DO (local):
  ['NO', 'EMPTY', 'peer-enable', true, 'YES', 'EMPTY', 'enable'],
  ['NO', 'EMPTY', 'peer-enable', false, 'NO', 'EMPTY', 'disable'],
  ['YES', 'EMPTY', 'peer-enable', true, 'YES', 'EMPTY', null],
  ['WANTNO', 'EMPTY', 'peer-enable', true, 'NO', 'EMPTY', null],
  ['WANTNO', 'OPPOSITE', 'peer-enable', true, 'YES', 'EMPTY', null],
  ['WANTYES', 'EMPTY', 'peer-enable', true, 'YES', 'EMPTY', null],
  ['WANTYES', 'OPPOSITE', 'peer-enable', true, 'WANTNO', 'EMPTY', 'disable'],
  // Upon receiving WONT (remote) / DONT (local):
  ['NO', 'EMPTY', 'peer-disable', false, 'NO', 'EMPTY', null],
  ['YES', 'EMPTY', 'peer-disable', false, 'NO', 'EMPTY', 'disable'],
  ['WANTNO', 'EMPTY', 'peer-disable', false, 'NO', 'EMPTY', null],
  ['WANTNO', 'OPPOSITE', 'peer-disable', false, 'WANTYES', 'EMPTY', 'enable'],
  ['WANTYES', 'EMPTY', 'peer-disable', false, 'NO', 'EMPTY', null],
  ['WANTYES', 'OPPOSITE', 'peer-disable', false, 'NO', 'EMPTY', null],
  // We decide to ask for the option on:
  ['NO', 'EMPTY', 'ask-enable', false, 'WANTYES', 'EMPTY', 'enable'],
  ['YES', 'EMPTY', 'ask-enable', false, 'YES', 'EMPTY', null],
  ['WANTNO', 'EMPTY', 'ask-enable', false, 'WANTNO', 'OPPOSITE', null],
  ['WANTNO', 'OPPOSITE', 'ask-enable', false, 'WANTNO', 'OPPOSITE', null],
  ['WANTYES', 'EMPTY', 'ask-enable', false, 'WANTYES', 'EMPTY', null],
  ['WANTYES', 'OPPOSITE', 'ask-enable', false, 'WANTYES', 'EMPTY', null],
  // We decide to ask for the option off:
  ['NO', 'EMPTY', 'ask-disable', false, 'NO', 'EMPTY', null],
  ['YES', 'EMPTY', 'ask-disable', false, 'WANTNO', 'EMPTY', 'disable'],
  ['WANTNO', 'EMPTY', 'ask-disable', false, 'WANTNO', 'EMPTY', null],
  ['WANTNO', 'OPPOSITE', 'ask-disable', false, 'WANTNO', 'EMPTY', null],
  ['WANTYES', 'EMPTY', 'ask-disable', false, 'WANTYES', 'OPPOSITE', null],
  ['WANTYES', 'OPPOSITE', 'ask-disable', false, 'WANTYES', 'OPPOSITE', null],
];

describe('qTransition (RFC 1143 table)', () => {
  it.each(RFC_1143_ROWS)(
    '%s/%s on %s (accept=%s) → %s/%s, send %s',
    (state, queue, event, accept, nextState, nextQueue, send) => {
      const step = qTransition({ state, queue }, event, accept);
      expect(step.next).toEqual({ state: nextState, queue: nextQueue });
      expect(step.send).toBe(send);
    },
  );

  it('notes protocol errors and redundant requests', () => {
    expect(qTransition({ state: 'WANTNO', queue: 'EMPTY' }, 'peer-enable', true).note).toBe(
      'disable answered by enable',
    );
    expect(qTransition({ state: 'YES', queue: 'EMPTY' }, 'ask-enable', false).note).toBe(
      'already enabled',
    );
  });
});

const ACCEPT_ALL: OptionPolicy = { local: true, remote: true };
const REFUSE_ALL: OptionPolicy = { local: false, remote: false };

/** A negotiator whose output is decoded to `VERB option` strings. */
function harness(policy: (option: number) => OptionPolicy = () => REFUSE_ALL) {
  const sent: string[] = [];
  const changes: string[] = [];
  const log: string[] = [];
  const decoder = new TelnetParser();
  const negotiator = new OptionNegotiator({
    send: (bytes) => {
      for (const event of decoder.push(bytes)) {
        if (event.kind !== 'negotiate') throw new Error(`unexpected ${event.kind}`);
        sent.push(`${event.verb} ${event.option}`);
        log.push('send');
      }
    },
    policy,
    onChange: (option, which, enabled) => {
      changes.push(`${which} ${option} ${enabled ? 'on' : 'off'}`);
      log.push('change');
    },
  });
  return { negotiator, sent, changes, log };
}

describe('OptionNegotiator, options we do not support', () => {
  it('answers WILL with DONT and DO with WONT', () => {
    const { negotiator, sent, changes } = harness();
    negotiator.receive('WILL', 200);
    negotiator.receive('DO', 201);
    expect(sent).toEqual(['DONT 200', 'WONT 201']);
    expect(changes).toEqual([]);
    expect(negotiator.isRemoteEnabled(200)).toBe(false);
    expect(negotiator.isLocalEnabled(201)).toBe(false);
  });

  it('answers a WILL repeated 1000 times once', () => {
    const { negotiator, sent } = harness();
    for (let n = 0; n < 1000; n += 1) negotiator.receive('WILL', OPT.MXP);
    for (let n = 0; n < 1000; n += 1) negotiator.receive('DO', OPT.MXP);
    expect(sent).toEqual(['DONT 91', 'WONT 91']);
  });

  it('never answers WONT or DONT about an option that is off', () => {
    const { negotiator, sent } = harness();
    negotiator.receive('WONT', OPT.ECHO);
    negotiator.receive('DONT', OPT.ECHO);
    negotiator.receive('WILL', OPT.ECHO);
    negotiator.receive('WONT', OPT.ECHO);
    expect(sent).toEqual(['DONT 1']);
  });

  it('answers a fresh request after the peer withdrew the old one', () => {
    const { negotiator, sent } = harness();
    negotiator.receive('WILL', 5);
    negotiator.receive('WONT', 5);
    negotiator.receive('WILL', 5);
    expect(sent).toEqual(['DONT 5', 'DONT 5']);
  });

  it('accepts later if the policy changes, despite an earlier refusal', () => {
    let allow = false;
    const { negotiator, sent } = harness(() => (allow ? ACCEPT_ALL : REFUSE_ALL));
    negotiator.receive('WILL', OPT.NAWS);
    allow = true;
    negotiator.receive('WILL', OPT.NAWS);
    expect(sent).toEqual(['DONT 31', 'DO 31']);
    expect(negotiator.isRemoteEnabled(OPT.NAWS)).toBe(true);
  });
});

describe('OptionNegotiator, options we support', () => {
  it('accepts the peer enabling an option, once', () => {
    const { negotiator, sent, changes } = harness(() => ACCEPT_ALL);
    negotiator.receive('WILL', OPT.NAWS);
    negotiator.receive('WILL', OPT.NAWS);
    expect(sent).toEqual(['DO 31']);
    expect(changes).toEqual(['remote 31 on']);
    expect(negotiator.isRemoteEnabled(OPT.NAWS)).toBe(true);
  });

  it('agrees when the peer turns an enabled option off', () => {
    const { negotiator, sent, changes } = harness(() => ACCEPT_ALL);
    negotiator.receive('DO', OPT.SGA);
    negotiator.receive('DONT', OPT.SGA);
    negotiator.receive('DONT', OPT.SGA);
    expect(sent).toEqual(['WILL 3', 'WONT 3']);
    expect(changes).toEqual(['local 3 on', 'local 3 off']);
  });

  it('sends the reply before reporting the change (MCCP2 must start after WILL)', () => {
    const { negotiator, log } = harness(() => ACCEPT_ALL);
    negotiator.receive('DO', OPT.MCCP2);
    expect(log).toEqual(['send', 'change']);
  });

  it('offers an option and turns it on when the peer agrees', () => {
    const { negotiator, sent, changes } = harness(() => REFUSE_ALL);
    negotiator.enableLocal(OPT.ECHO);
    expect(negotiator.stateOf(OPT.ECHO, 'local')).toEqual({ state: 'WANTYES', queue: 'EMPTY' });
    expect(negotiator.isLocalEnabled(OPT.ECHO)).toBe(false);
    negotiator.receive('DO', OPT.ECHO);
    expect(negotiator.isLocalEnabled(OPT.ECHO)).toBe(true);
    negotiator.disableLocal(OPT.ECHO);
    expect(negotiator.isLocalEnabled(OPT.ECHO)).toBe(false);
    negotiator.receive('DONT', OPT.ECHO);
    expect(negotiator.stateOf(OPT.ECHO, 'local')).toEqual({ state: 'NO', queue: 'EMPTY' });
    expect(sent).toEqual(['WILL 1', 'WONT 1']);
    expect(changes).toEqual(['local 1 on', 'local 1 off']);
  });

  it('asks the peer for an option and accepts its refusal quietly', () => {
    const { negotiator, sent, changes } = harness();
    negotiator.enableRemote(OPT.TTYPE);
    negotiator.receive('WONT', OPT.TTYPE);
    expect(sent).toEqual(['DO 24']);
    expect(changes).toEqual([]);
    expect(negotiator.stateOf(OPT.TTYPE, 'remote').state).toBe('NO');
  });

  it('queues a change of mind while a request is in flight (WANTYES OPPOSITE)', () => {
    const { negotiator, sent, changes } = harness();
    negotiator.enableLocal(OPT.ECHO);
    negotiator.disableLocal(OPT.ECHO); // Password typed before the client answered.
    expect(negotiator.stateOf(OPT.ECHO, 'local')).toEqual({ state: 'WANTYES', queue: 'OPPOSITE' });
    negotiator.receive('DO', OPT.ECHO);
    expect(negotiator.stateOf(OPT.ECHO, 'local')).toEqual({ state: 'WANTNO', queue: 'EMPTY' });
    negotiator.receive('DONT', OPT.ECHO);
    expect(negotiator.stateOf(OPT.ECHO, 'local').state).toBe('NO');
    expect(sent).toEqual(['WILL 1', 'WONT 1']);
    expect(changes).toEqual([]);
  });

  it('queues a re-enable while a disable is in flight (WANTNO OPPOSITE)', () => {
    const { negotiator, sent } = harness(() => ACCEPT_ALL);
    negotiator.receive('WILL', OPT.GMCP);
    negotiator.disableRemote(OPT.GMCP);
    negotiator.enableRemote(OPT.GMCP);
    negotiator.enableRemote(OPT.GMCP); // Redundant: nothing more is queued or sent.
    negotiator.receive('WONT', OPT.GMCP);
    negotiator.receive('WILL', OPT.GMCP);
    expect(sent).toEqual(['DO 201', 'DONT 201', 'DO 201']);
    expect(negotiator.isRemoteEnabled(OPT.GMCP)).toBe(true);
  });

  it('ignores redundant requests of our own', () => {
    const { negotiator, sent } = harness();
    negotiator.disableLocal(OPT.EOR);
    negotiator.enableLocal(OPT.EOR);
    negotiator.enableLocal(OPT.EOR);
    expect(sent).toEqual(['WILL 25']);
  });

  it('rejects an option number outside 0-255', () => {
    const { negotiator } = harness();
    expect(() => negotiator.enableLocal(256)).toThrow(RangeError);
  });
});

/**
 * Two endpoints wired back to back through parsers, with messages in flight in both
 * directions at once (each round delivers everything sent in the previous round).
 */
function connect(policyA: (o: number) => OptionPolicy, policyB: (o: number) => OptionPolicy) {
  const toA: Buffer[] = [];
  const toB: Buffer[] = [];
  let bytes = 0;
  const a = new OptionNegotiator({
    send: (b) => {
      bytes += b.length;
      toB.push(b);
    },
    policy: policyA,
  });
  const b = new OptionNegotiator({
    send: (b2) => {
      bytes += b2.length;
      toA.push(b2);
    },
    policy: policyB,
  });
  const parserA = new TelnetParser();
  const parserB = new TelnetParser();
  const deliver = (parser: TelnetParser, target: OptionNegotiator, queue: Buffer[]) => {
    for (const chunk of queue.splice(0)) {
      for (const event of parser.push(chunk)) {
        if (event.kind === 'negotiate') target.receive(event.verb, event.option);
      }
    }
  };
  /** Runs until quiet; returns the number of rounds, or throws if it never settles. */
  const settle = (maxRounds = 100): number => {
    for (let round = 0; round < maxRounds; round += 1) {
      if (toA.length === 0 && toB.length === 0) return round;
      const forA = toA.splice(0);
      const forB = toB.splice(0);
      deliver(parserA, a, forA);
      deliver(parserB, b, forB);
    }
    throw new Error('negotiation did not settle');
  };
  return { a, b, settle, bytes: () => bytes };
}

const ALL_OPTIONS = Array.from({ length: 256 }, (_, option) => option);
const SIDES: OptionSide[] = ['local', 'remote'];

describe('negotiation between two endpoints', () => {
  it('settles quickly when both accept everything and both ask for everything at once', () => {
    const { a, b, settle, bytes } = connect(
      () => ACCEPT_ALL,
      () => ACCEPT_ALL,
    );
    for (const option of ALL_OPTIONS) {
      a.enableLocal(option);
      a.enableRemote(option);
      b.enableLocal(option);
      b.enableRemote(option);
    }
    expect(settle()).toBeLessThanOrEqual(3);
    // The requests cross in flight and each one counts as the other's answer: four messages
    // of three bytes per option, and not one more.
    expect(bytes()).toBe(256 * 4 * 3);
    for (const option of ALL_OPTIONS) {
      for (const which of SIDES) {
        expect(a.stateOf(option, which)).toEqual({ state: 'YES', queue: 'EMPTY' });
        expect(b.stateOf(option, which)).toEqual({ state: 'YES', queue: 'EMPTY' });
      }
    }
  });

  it('settles when one side refuses everything the other asks for', () => {
    const { a, b, settle, bytes } = connect(
      () => ACCEPT_ALL,
      () => REFUSE_ALL,
    );
    for (const option of ALL_OPTIONS) {
      a.enableLocal(option);
      a.enableRemote(option);
    }
    expect(settle()).toBeLessThanOrEqual(3);
    expect(bytes()).toBe(256 * 2 * 3 * 2); // One request and one refusal per side per option.
    for (const option of ALL_OPTIONS) {
      expect(a.isLocalEnabled(option) || a.isRemoteEnabled(option)).toBe(false);
      expect(a.stateOf(option, 'local').state).toBe('NO');
      expect(b.stateOf(option, 'remote').state).toBe('NO');
    }
  });

  it('settles when both change their minds while requests are in flight', () => {
    const { a, b, settle } = connect(
      () => ACCEPT_ALL,
      () => ACCEPT_ALL,
    );
    for (const option of ALL_OPTIONS) {
      a.enableLocal(option);
      a.disableLocal(option);
      a.enableLocal(option);
      b.enableRemote(option);
      b.disableRemote(option);
    }
    expect(settle()).toBeLessThanOrEqual(6);
    for (const option of ALL_OPTIONS) {
      const q = a.stateOf(option, 'local');
      expect(q.state === 'YES' || q.state === 'NO').toBe(true);
      expect(b.stateOf(option, 'remote').state).toBe(q.state);
    }
  });

  it('stays quiet against a naive peer that answers every message', () => {
    // The peer mirrors everything: DO→WILL, WILL→DO, DONT→WONT, WONT→DONT (RFC 1143 §2's
    // looping peer). Only our side's rules can stop the exchange.
    const mirror: Record<NegotiationVerb, NegotiationVerb> = {
      DO: 'WILL',
      WILL: 'DO',
      DONT: 'WONT',
      WONT: 'DONT',
    };
    for (const policy of [ACCEPT_ALL, REFUSE_ALL]) {
      const pending: [NegotiationVerb, number][] = [];
      let received = 0;
      const decoder = new TelnetParser();
      const us = new OptionNegotiator({
        send: (bytes) => {
          for (const event of decoder.push(bytes)) {
            if (event.kind === 'negotiate') pending.push([mirror[event.verb], event.option]);
          }
        },
        policy: () => policy,
      });
      us.enableLocal(OPT.ECHO);
      us.enableRemote(OPT.NAWS);
      us.receive('WILL', OPT.GMCP);
      us.receive('DO', OPT.MSSP);
      for (let message = pending.shift(); message !== undefined; message = pending.shift()) {
        us.receive(...message);
        received += 1;
        expect(received).toBeLessThan(20);
      }
      expect(received).toBeLessThanOrEqual(4);
    }
  });
});

describe('OptionNegotiator with places for the options it handles', () => {
  // Fourteen options with a place of their own (as TelnetProtocol gives its options), among
  // them the first and the last a field holds; every other option is kept in the array.
  const PLACED = [0, 1, 3, 5, 24, 25, 31, 39, 42, 69, 70, 86, 87, 201];
  const places = new Int8Array(256).fill(-1);
  PLACED.forEach((option, place) => (places[option] = place));

  /** A negotiator recording what it sends and reports, with or without places. */
  function recorder(withPlaces: boolean, policy: (option: number) => OptionPolicy) {
    const out: string[] = [];
    const negotiator = new OptionNegotiator(
      {
        send: (bytes) => out.push(bytes.toString('hex')),
        policy,
        onChange: (option, which, enabled) => out.push(`${which} ${option} ${enabled}`),
      },
      withPlaces ? places : null,
    );
    return { negotiator, out };
  }

  it('sends, reports and keeps every state as one without places, over random negotiations', () => {
    const options = [...PLACED, 2, 200, 255];
    const verbs: NegotiationVerb[] = ['WILL', 'WONT', 'DO', 'DONT'];
    // Accepts odd options locally and options below 100 remotely: refusals and agreements both.
    const policy = (option: number): OptionPolicy => ({
      local: option % 2 === 1,
      remote: option < 100,
    });
    let seed = 1;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      // The high bits: an LCG's low bits repeat quickly.
      return Math.floor(seed / 65536) % n;
    };
    const plain = recorder(false, policy);
    const placed = recorder(true, policy);
    for (let i = 0; i < 20_000; i += 1) {
      const option = options[random(options.length)]!;
      const what = random(8);
      for (const { negotiator } of [plain, placed]) {
        if (what < 4) negotiator.receive(verbs[what]!, option);
        else if (what === 4) negotiator.enableLocal(option);
        else if (what === 5) negotiator.disableLocal(option);
        else if (what === 6) negotiator.enableRemote(option);
        else negotiator.disableRemote(option);
      }
    }
    expect(placed.out).toEqual(plain.out);
    expect(placed.out.length).toBeGreaterThan(1000);
    for (const option of options) {
      for (const which of SIDES) {
        expect(placed.negotiator.stateOf(option, which)).toEqual(
          plain.negotiator.stateOf(option, which),
        );
      }
    }
  });
});
