/**
 * What the launcher says when the link port answers but not as a Portal: a port clash, unless
 * this game's own Portal is the one running there (then it is most likely out of file
 * descriptors: libuv accepts and closes at once when it has none left).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildConfig } from '../config/load.ts';
import { isWaystoneError } from '../shared/errors.ts';
import { runPaths } from '../shared/run-files.ts';
import { probePortal } from './probe.ts';

let server: Server | null = null;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

/** A link port that accepts and closes every connection at once, as a Portal out of fds does. */
async function closingPort(): Promise<number> {
  server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

async function probeError(portalPid: number | null): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'waystone-probe-'));
  const port = await closingPort();
  if (portalPid !== null) {
    mkdirSync(runPaths(dir).runDir, { recursive: true });
    writeFileSync(runPaths(dir).portalPid, `${portalPid}\n`);
  }
  const { config } = buildConfig(
    dir,
    { linkPort: port, linkInterface: '127.0.0.1', linkSecret: 'a-test-secret' },
    {},
  );
  return probePortal(config).then(
    () => null,
    (err: unknown) => err,
  );
}

describe('probePortal', () => {
  it('blames another program when no Portal of this game is running', async () => {
    const err = await probeError(null);
    expect(isWaystoneError(err, 'PORT_IN_USE')).toBe(true);
  });

  it("says the game's own running Portal may be out of file descriptors", async () => {
    const err = await probeError(process.pid); // a live pid stands in for the Portal
    expect(isWaystoneError(err, 'PORTAL_NOT_ANSWERING')).toBe(true);
    expect((err as Error).message).toContain('file descriptors');
    expect((err as Error).message).not.toContain('another program');
  });
});
