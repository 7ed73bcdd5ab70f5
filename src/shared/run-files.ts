/**
 * Where a running game keeps its runtime state inside the game directory, shared by the
 * launcher (which reads it) and the Portal (which writes it). The launcher never trusts these
 * files alone: a pid file only says where to ask; the Portal's answer on the link is the truth.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from './private-files.ts';

export interface RunPaths {
  runDir: string;
  logDir: string;
  portalPid: string;
  serverPid: string;
  /** Written by the Portal once it listens: its pid, boot id and the ports it bound. */
  portalState: string;
  portalLog: string;
  serverLog: string;
}

export function runPaths(gameDir: string): RunPaths {
  const runDir = join(gameDir, 'run');
  const logDir = join(gameDir, 'logs');
  return {
    runDir,
    logDir,
    portalPid: join(runDir, 'portal.pid'),
    serverPid: join(runDir, 'server.pid'),
    portalState: join(runDir, 'portal.json'),
    portalLog: join(logDir, 'portal.log'),
    serverLog: join(logDir, 'server.log'),
  };
}

export interface PortalRunState {
  pid: number;
  bootId: string;
  startedAt: number;
  ports: Record<string, number>;
}

/**
 * run/ and logs/ made owner-only (private-files.ts), and closed again if an older Waystone left
 * them open. Called by the launcher and the Portal before either writes there.
 */
export function prepareRunDirs(paths: RunPaths): void {
  makePrivateDir(paths.runDir, { tighten: true });
  makePrivateDir(paths.logDir, { tighten: true });
}

/** Write via a temporary file and rename, so a reader never sees half a file. Owner-only. */
export function writeFileAtomic(path: string, content: string): void {
  makePrivateDir(join(path, '..'));
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: PRIVATE_FILE_MODE });
  renameSync(tmp, path);
}

export function readPortalState(paths: RunPaths): PortalRunState | null {
  try {
    return JSON.parse(readFileSync(paths.portalState, 'utf8')) as PortalRunState;
  } catch {
    return null;
  }
}

export function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function removeQuietly(file: string): void {
  rmSync(file, { force: true });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — alive all the same.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
