// A local ESLint rule: no module may take part in an import cycle (STYLE.md §9). It reads the
// relative imports of every TypeScript file under the project once per lint run, finds the
// strongly connected components (Tarjan), and reports each file that sits in one, naming a
// cycle through it. Written here rather than taken from eslint-plugin-import-x, whose resolver
// depends on native binaries for every platform that the package registry here cannot serve
// (so `npm ci` could not install it).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOTS = ['src', 'test', 'bench', 'game', 'bin', 'tools'];
const SKIP_DIRS = new Set(['node_modules', 'run', 'logs', 'results', 'dist', 'coverage']);
// `import … from './x.ts'`, `export … from './x.ts'`, `import './x.ts'`, `import('./x.ts')`;
// type-only imports vanish at run time and cannot form a load-order cycle, so they are skipped.
const IMPORT_RE =
  /(?:^|[\n;])\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;
const DYNAMIC_RE = /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function listFiles(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) listFiles(path, out);
    else if (/\.(ts|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
}

function buildGraph(rootDir) {
  const files = [];
  for (const root of ROOTS) listFiles(join(rootDir, root), files);
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const edges = new Set();
    for (const m of text.matchAll(IMPORT_RE)) {
      if (m[2]) continue; // import type / export type
      const target = resolve(dirname(file), m[3]);
      if (known.has(target)) edges.add(target);
    }
    for (const m of text.matchAll(DYNAMIC_RE)) {
      const target = resolve(dirname(file), m[1]);
      if (known.has(target)) edges.add(target);
    }
    graph.set(file, [...edges]);
  }
  return graph;
}

/** file → one cycle through it (as a list of files), for every file that is in a cycle. */
function findCycles(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const inCycle = new Map();
  const strongConnect = (v) => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), indices.get(w)));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = component.length === 1 && (graph.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) {
        const members = new Set(component);
        for (const file of component) inCycle.set(file, pathWithin(graph, members, file));
      }
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) strongConnect(v);
  return inCycle;
}

/** A shortest path from `start` back to itself inside one strongly connected component. */
function pathWithin(graph, members, start) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at = v; at !== null && at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

let cached = null;

export const noCycleRule = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid import cycles between project modules' },
    schema: [],
    messages: { cycle: 'Import cycle: {{path}}' },
  },
  create(context) {
    const root = context.cwd;
    if (cached === null || cached.root !== root)
      cached = { root, cycles: findCycles(buildGraph(root)) };
    return {
      Program(node) {
        const cycle = cached.cycles.get(resolve(context.filename));
        if (cycle) {
          context.report({
            node,
            messageId: 'cycle',
            data: { path: cycle.map((f) => relative(root, f)).join(' → ') },
          });
        }
      },
    };
  },
};

export default { rules: { 'no-cycle': noCycleRule } };
