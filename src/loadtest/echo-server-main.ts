/**
 * Entry point of the raw-echo baseline process: listens on an OS-chosen port on loopback and
 * prints `port <n>` on stdout; exits when its parent closes stdin.
 */
import type { AddressInfo } from 'node:net';
import { startEchoServer } from './echo-server.ts';

const server = await startEchoServer(0);
process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
