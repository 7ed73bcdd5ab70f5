/**
 * Prints where a V8 CPU profile spends its time: the functions with the most self time, and
 * the files with the most self time, as percentages of the samples.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/link-throughput.ts
 *   node --import tsx bench/profile/top-functions.ts /tmp/prof/*.cpuprofile [--top N]
 *
 * Each profile is summarised on its own (a bench with a child process writes one per process).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

function shortUrl(url: string): string {
  const at = url.indexOf('/src/');
  if (at >= 0) return url.slice(at + 1);
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  return url.replace(/^node:/, '');
}

function summarise(path: string, top: number): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const perFunction = new Map<string, number>();
  const perFile = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byId.get(id)!.callFrame;
    const file = shortUrl(frame.url) || '(native)';
    const fn = `${frame.functionName || '(anonymous)'}  ${file}:${frame.lineNumber + 1}`;
    perFunction.set(fn, (perFunction.get(fn) ?? 0) + 1);
    perFile.set(file, (perFile.get(file) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const print = (title: string, counts: Map<string, number>): void => {
    console.log(`  ${title}`);
    for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`  ${((n / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
  };
  console.log(`${path} (${total} samples)`);
  print('self time by function', perFunction);
  print('self time by file', perFile);
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
for (const path of args) summarise(path, top);
