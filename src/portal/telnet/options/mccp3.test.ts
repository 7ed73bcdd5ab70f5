import { constants, deflateSync, createDeflate } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { harness, hex, neg, sb } from '../protocol-harness.ts';
import { MAX_CREDIT_BYTES } from './mccp3.ts';

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

/** One zlib stream, sync-flushed after each part, like a client compressing its input. */
async function compressParts(parts: string[], finish: boolean): Promise<Buffer> {
  const deflate = createDeflate();
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  for (const part of parts) {
    deflate.write(Buffer.from(part, 'latin1'));
    await new Promise<void>((r) => deflate.flush(constants.Z_SYNC_FLUSH, () => r()));
  }
  if (finish) {
    const ended = new Promise((r) => deflate.once('end', r));
    deflate.end();
    await ended;
  }
  return Buffer.concat(out);
}

const START = Buffer.concat([hex(neg('DO', OPT.MCCP3)), hex(sb(OPT.MCCP3, ''))]);
const text = (data: string): string => Buffer.from(data, 'hex').toString('latin1');

describe('MCCP3 (option 87)', () => {
  it('inflates input after IAC SB MCCP3 IAC SE, in the same chunk as the DO', async () => {
    const z = await compressParts(['look\r\n', 'info\r\n'], false);
    for (const split of ['whole', 'bytes'] as const) {
      const t = harness({ start: true });
      const all = Buffer.concat([Buffer.from('plain\r\n'), START, z]);
      if (split === 'whole') t.feed(all);
      else for (let i = 0; i < all.length; i += 1) t.feed(all.subarray(i, i + 1));
      await until(() => text(t.rec.data).endsWith('info\r\n'));
      expect(text(t.rec.data)).toBe('plain\r\nlook\r\ninfo\r\n');
      expect(t.rec.flags).toMatchObject({ MCCP3: true });
      t.protocol.destroy();
    }
  });

  it('telnet inside the compressed stream is parsed (NAWS after compression started)', async () => {
    const t = harness({ start: true });
    t.feed(neg('WILL', OPT.NAWS));
    const z = await compressParts(
      [`${text(sb(OPT.NAWS, '00 64 00 20').replace(/\s/g, ''))}`],
      false,
    );
    t.feed(Buffer.concat([START, z]));
    await until(() => t.rec.flags['SCREENWIDTH'] === 100);
    t.protocol.destroy();
  });

  it('goes back to plain input after the client finishes its stream', async () => {
    const t = harness({ start: true });
    const z = await compressParts(['look\r\n'], true);
    t.feed(Buffer.concat([START, z, Buffer.from('info\r\n')]));
    await until(() => text(t.rec.data).endsWith('info\r\n'));
    expect(text(t.rec.data)).toBe('look\r\ninfo\r\n');
    expect(t.protocol.mccp3.active).toBe(false);
  });

  it('refuses a zip bomb after a bounded amount of output and closes with a code', async () => {
    const t = harness({ start: true });
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x41), { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    t.feed(START);
    for (let i = 0; i < bomb.length; i += 16 * 1024) t.feed(bomb.subarray(i, i + 16 * 1024));
    await until(() => t.rec.refused.length > 0);
    expect(t.rec.refused).toEqual(['TELNET_MCCP3_ZIP_BOMB']);
    // The data stream saw at most the credit (plus the ratio allowance of what was fed).
    expect(t.rec.data.length / 2).toBeLessThanOrEqual(MAX_CREDIT_BYTES);
    // Nothing more is read from this connection.
    t.feed('41 42 0d 0a');
    expect(t.protocol.mccp3.active).toBe(true);
  });

  it('refuses corrupt compressed input', async () => {
    const t = harness({ start: true });
    t.feed(Buffer.concat([START, Buffer.from('this is not zlib at all')]));
    await until(() => t.rec.refused.length > 0);
    expect(t.rec.refused).toEqual(['TELNET_MCCP3_CORRUPT']);
  });

  it('ignores IAC SB MCCP3 IAC SE when MCCP3 was not agreed', () => {
    const t = harness({ start: true });
    t.feed(
      Buffer.concat([hex(neg('DONT', OPT.MCCP3)), hex(sb(OPT.MCCP3, '')), Buffer.from('hi\r\n')]),
    );
    expect(text(t.rec.data)).toBe('hi\r\n');
    expect(t.protocol.mccp3.active).toBe(false);
  });
});
