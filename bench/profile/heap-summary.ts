/**
 * What a V8 heap snapshot holds, by constructor (objects) or type (strings, arrays, closures,
 * code…): count and self size, largest first. With N sessions alive, the rows whose count is a
 * multiple of N are what each session costs.
 *
 *   node --import tsx bench/profile/heap-summary.ts FILE.heapsnapshot [--top N] [--held-by WHAT]
 *
 * `--held-by "array"` (any row's label) then lists what holds those nodes: the retaining
 * node's label and the edge's name, by total size, to find whose arrays or strings they are.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 40;
const heldAt = args.indexOf('--held-by');
const heldBy = heldAt >= 0 ? args.splice(heldAt, 2)[1] : undefined;
const snap = JSON.parse(readFileSync(args[0]!, 'utf8')) as Snapshot;
const fields = snap.snapshot.meta.node_fields;
const types = snap.snapshot.meta.node_types[0];
const width = fields.length;
const typeAt = fields.indexOf('type');
const nameAt = fields.indexOf('name');
const sizeAt = fields.indexOf('self_size');
const rows = new Map<string, { count: number; bytes: number }>();
let total = 0;
function labelOf(i: number): string {
  const type = types[snap.nodes[i + typeAt]!]!;
  return type === 'object' || type === 'closure'
    ? `${type} ${snap.strings[snap.nodes[i + nameAt]!]}`
    : type;
}
for (let i = 0; i < snap.nodes.length; i += width) {
  const size = snap.nodes[i + sizeAt]!;
  total += size;
  const key = labelOf(i);
  const row = rows.get(key) ?? { count: 0, bytes: 0 };
  row.count += 1;
  row.bytes += size;
  rows.set(key, row);
}
console.log(
  `${args[0]}: ${(total / 1048576).toFixed(1)} MiB in ${snap.nodes.length / width} nodes`,
);
console.log('     count      KiB  what');
for (const [key, row] of [...rows].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top))
  console.log(
    `${String(row.count).padStart(10)} ${String(Math.round(row.bytes / 1024)).padStart(8)}  ${key}`,
  );

if (heldBy !== undefined) {
  const edgeFields = snap.snapshot.meta.edge_fields;
  const edgeTypes = snap.snapshot.meta.edge_types[0];
  const edgeWidth = edgeFields.length;
  const edgeTypeAt = edgeFields.indexOf('type');
  const edgeNameAt = edgeFields.indexOf('name_or_index');
  const edgeToAt = edgeFields.indexOf('to_node');
  const edgeCountAt = fields.indexOf('edge_count');
  const holders = new Map<string, { count: number; bytes: number }>();
  let edge = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const edges = snap.nodes[i + edgeCountAt]!;
    for (let e = 0; e < edges; e++, edge += edgeWidth) {
      const to = snap.edges[edge + edgeToAt]!;
      if (labelOf(to) !== heldBy) continue;
      const edgeType = edgeTypes[snap.edges[edge + edgeTypeAt]!]!;
      if (edgeType === 'weak') continue;
      const nameOrIndex = snap.edges[edge + edgeNameAt]!;
      const edgeName =
        edgeType === 'element' || edgeType === 'hidden'
          ? `[${nameOrIndex}]`
          : snap.strings[nameOrIndex];
      const key = `${labelOf(i)} .${edgeName}`;
      const row = holders.get(key) ?? { count: 0, bytes: 0 };
      row.count += 1;
      row.bytes += snap.nodes[to + sizeAt]!;
      holders.set(key, row);
    }
  }
  console.log(`\nheld by (a node held twice counts twice):`);
  for (const [key, row] of [...holders].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top))
    console.log(
      `${String(row.count).padStart(10)} ${String(Math.round(row.bytes / 1024)).padStart(8)}  ${key}`,
    );
}
