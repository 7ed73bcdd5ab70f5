import { constants, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { h, harness, neg, runBytes, sb } from '../protocol-harness.ts';

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};
/** What a partial stream decodes to so far ('' when it cannot be decoded yet). */
const inflatePartial = (bytes: Buffer): string => {
  try {
    return inflateAll(bytes);
  } catch {
    return '';
  }
};
const inflateAll = (bytes: Buffer): string =>
  inflateSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1');

describe('MCCP2 (option 86)', () => {
  it('on DO sends IAC SB MCCP2 IAC SE uncompressed (fed whole or byte by byte)', () => {
    const t = runBytes(neg('DO', OPT.MCCP2), { start: true });
    expect(t.rec.out).toBe(h(sb(OPT.MCCP2, '')));
    expect(t.rec.flags).toMatchObject({ MCCP: true });
    expect(t.protocol.mccp2.compressing).toBe(true);
    t.protocol.destroy();
  });

  it('compresses everything after the marker as one stream, flushed at the end of each turn', async () => {
    const t = harness({ start: true });
    t.feed(neg('DO', OPT.MCCP2));
    const marker = t.raw.length;
    t.protocol.send(Buffer.from('Welcome to '));
    t.protocol.send(Buffer.from('Testgame\r\n'));
    // zlib may hand its output over in more than one chunk (under load it often does): wait
    // for what has arrived to decode. A sync flush means the first write decodes completely on
    // its own, before any more output is sent.
    const sinceMarker = (): string => inflatePartial(Buffer.concat(t.raw.slice(marker)));
    await until(() => sinceMarker() === 'Welcome to Testgame\r\n');
    t.protocol.send(Buffer.from('Welcome again\r\n'));
    await until(() => sinceMarker().length > 'Welcome to Testgame\r\n'.length);
    await until(() => sinceMarker() === 'Welcome to Testgame\r\nWelcome again\r\n');
    expect(inflateAll(Buffer.concat(t.raw.slice(marker)))).toBe(
      'Welcome to Testgame\r\nWelcome again\r\n',
    );
    t.protocol.destroy();
  });

  it('DONT finishes the stream (WONT inside it) and output continues plain, in order', async () => {
    const t = harness({ start: true });
    t.feed(neg('DO', OPT.MCCP2));
    const marker = t.raw.length;
    t.protocol.send(Buffer.from('compressed\r\n'));
    t.feed(neg('DONT', OPT.MCCP2));
    t.protocol.send(Buffer.from('plain\r\n')); // queued until the stream has finished
    await until(() => Buffer.concat(t.raw).toString('latin1').endsWith('plain\r\n'));
    const all = Buffer.concat(t.raw.slice(marker));
    const plainAt = all.length - 'plain\r\n'.length;
    // inflateSync without finishFlush succeeds only on a finished (Z_FINISH) stream.
    expect(inflateSync(all.subarray(0, plainAt)).toString('latin1')).toBe(
      `compressed\r\n${Buffer.from(h(neg('WONT', OPT.MCCP2)), 'hex').toString('latin1')}`,
    );
    expect(t.rec.flags).toMatchObject({ MCCP: false });
    expect(t.protocol.mccp2.compressing).toBe(false);
  });

  it('flushed() finishes the stream so a goodbye is complete before the socket ends', async () => {
    const t = harness({ start: true });
    t.feed(neg('DO', OPT.MCCP2));
    const marker = t.raw.length;
    t.protocol.send(Buffer.from('Good bye!\r\n'));
    let done = false;
    t.protocol.flushed(() => (done = true));
    await until(() => done);
    expect(inflateSync(Buffer.concat(t.raw.slice(marker))).toString()).toBe('Good bye!\r\n');
  });

  it('is not offered when compression is off', () => {
    const t = runBytes(neg('DO', OPT.MCCP2), { compression: false });
    expect(t.rec.out).toBe(h(neg('WONT', OPT.MCCP2)));
  });
});
