/**
 * The line a foreground start prints once the game serves: its name and how to reach each
 * enabled listener from this machine, with the ports really bound (the OS may have chosen them).
 */
import type { Config } from '../config/load.ts';

export type ReadyLineConfig = Pick<
  Config,
  'serverName' | 'telnetInterface' | 'webInterface' | 'telnetTlsInterface' | 'sshInterface'
>;

/** `Waystone Demo is ready: telnet 127.0.0.1 4000 · http://127.0.0.1:4001` and so on. */
export function readyLine(
  config: ReadyLineConfig,
  ports: Readonly<Record<string, number>>,
): string {
  const ways: string[] = [];
  const telnet = ports['telnet'];
  if (telnet !== undefined) ways.push(`telnet ${reachableHost(config.telnetInterface)} ${telnet}`);
  const web = ports['web'];
  if (web !== undefined) ways.push(`http://${urlHost(reachableHost(config.webInterface))}:${web}`);
  const tls = ports['telnetTls'];
  if (tls !== undefined)
    ways.push(`telnet over TLS ${reachableHost(config.telnetTlsInterface)} ${tls}`);
  const ssh = ports['ssh'];
  if (ssh !== undefined) ways.push(`ssh -p ${ssh} ${reachableHost(config.sshInterface)}`);
  const where = ways.length > 0 ? ways.join(' · ') : 'no player ports are enabled';
  return `${config.serverName} is ready: ${where}`;
}

/** An address to connect to from this machine: a wildcard interface is reached on loopback. */
function reachableHost(iface: string): string {
  if (iface === '0.0.0.0' || iface === '') return '127.0.0.1';
  if (iface === '::') return '::1';
  return iface;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
