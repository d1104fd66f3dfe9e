// `npm run lint` part two: the layers inside each process and the folder graph, checked on the
// resolved import graph that dependency-cruiser builds (ESLint sees one file at a time, so it cannot
// see a cycle between folders). Fails on (1) a folder that imports a layer above its own, and (2) any
// cycle between folders, however long. Prints every offending import with the rule it breaks.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

// Paths are reported relative to the checked root (the repository, or a tree given as the argument).
process.chdir(process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));

/**
 * Each process's folders from the bottom up: a file may import its own layer and the layers below.
 * `.` is the process's top-level files (entry points and the composition root).
 *
 * Renderer: transport, components (the UI kit: windowing, fields, formatting; no app state) and the
 * i18n resources at the bottom; the zustand store; services (the engine client and the feeds that fill the store);
 * features (what the user sees); the app shell. Main: the store at the bottom; the inspector (it
 * reads sockets, it never drives a session); engine, broker, profiles, desktop; the transports that
 * host them; the Electron adapters; the entry points. Shared: errors below everything.
 */
const LAYERS = {
  'src/renderer': [['transport', 'components', 'i18n'], ['store'], ['services'], ['features'], ['.']],
  'src/main': [['store', 'timing', 'wire'], ['inspector'], ['engine', 'broker', 'profiles', 'desktop'], ['transport', 'cli'], ['electron'], ['.']],
  'src/shared': [['errors'], ['mqtt', 'topics', 'payload', 'inspector', 'domain', 'profiles'], ['contract'], ['.']],
};

/** process root and top-level folder of a source file, e.g. src/main/engine/tls/x.ts → [src/main, engine]. */
function placeOf(file) {
  const [src, process_, folder, ...rest] = file.split('/');
  if (src !== 'src' || !process_) return undefined;
  return { process: `${src}/${process_}`, folder: rest.length === 0 ? '.' : folder };
}

function rankOf(place) {
  const layers = LAYERS[place.process];
  if (!layers) return undefined;
  const rank = layers.findIndex((names) => names.includes(place.folder));
  return rank === -1 ? undefined : rank;
}

const result = await cruise(['src'], { doNotFollow: { path: 'node_modules' }, tsPreCompilationDeps: true, outputType: 'json' });
const graph = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
const problems = [];

// 1. Layers: never import upward; a folder missing from LAYERS is a problem too, so new folders get placed.
const edges = [];
for (const module of graph.modules) {
  if (!module.source.startsWith('src/')) continue;
  for (const dependency of module.dependencies) {
    if (!dependency.resolved.startsWith('src/')) continue;
    edges.push([module.source, dependency.resolved]);
    const from = placeOf(module.source);
    const to = placeOf(dependency.resolved);
    if (!from || !to || from.process !== to.process) continue; // process boundaries: ESLint's rules
    const fromRank = rankOf(from);
    const toRank = rankOf(to);
    if (fromRank === undefined || toRank === undefined) {
      const unplaced = fromRank === undefined ? from : to;
      problems.push(`${unplaced.process}/${unplaced.folder} has no layer: add it to LAYERS in scripts/check-layers.mjs`);
    } else if (toRank > fromRank) {
      problems.push(`${module.source} → ${dependency.resolved}: ${from.folder} may not import ${to.folder} (a layer above it in ${from.process})`);
    }
  }
}

// 2. Folder cycles: strongly connected components of the folder graph (Tarjan), each folder its own node.
const folderEdges = new Map();
for (const [from, to] of edges) {
  const a = path.posix.dirname(from);
  const b = path.posix.dirname(to);
  if (a === b) continue;
  if (!folderEdges.has(a)) folderEdges.set(a, new Map());
  if (!folderEdges.get(a).has(b)) folderEdges.get(a).set(b, `${from} → ${to}`);
}
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
function visit(folder) {
  index.set(folder, counter);
  low.set(folder, counter);
  counter += 1;
  stack.push(folder);
  onStack.add(folder);
  for (const next of folderEdges.get(folder)?.keys() ?? []) {
    if (!index.has(next)) {
      visit(next);
      low.set(folder, Math.min(low.get(folder), low.get(next)));
    } else if (onStack.has(next)) low.set(folder, Math.min(low.get(folder), index.get(next)));
  }
  if (low.get(folder) !== index.get(folder)) return;
  const component = [];
  let member;
  do {
    member = stack.pop();
    onStack.delete(member);
    component.push(member);
  } while (member !== folder);
  if (component.length < 2) return;
  const inside = new Set(component);
  const examples = [];
  for (const a of component) for (const [b, example] of folderEdges.get(a) ?? []) if (inside.has(b)) examples.push(`    ${example}`);
  problems.push(`import cycle between folders ${component.sort().join(', ')}:\n${examples.join('\n')}`);
}
for (const folder of folderEdges.keys()) if (!index.has(folder)) visit(folder);

const unique = [...new Set(problems)];
for (const problem of unique) console.log(`✗ ${problem}`);
console.log(unique.length === 0 ? `layers: ${graph.modules.length} modules, no upward import, no folder cycle` : `\nlayers: ${unique.length} problem(s)`);
process.exit(unique.length === 0 ? 0 : 1);
