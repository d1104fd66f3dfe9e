// `npm run bench [-- --json FILE] [--only ingest,ui,…] [--no-build]`: builds the app (the UI
// sections measure the built browser mode), runs every bench file with vitest
// (bench/vitest.config.ts), prints one table of all sections and, with --json, writes them to
// FILE in the shape of issue 5 (extra fields allowed). The bench files write their sections into
// the file named by BENCH_JSON; a BENCH_JSON set by the caller is used (and kept) as it is.
/* global process, console */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SHAPE, table } from './support/report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const UI_SECTIONS = ['ui', 'tree', 'large_payload', 'desktop', 'saturation', 'packets'];

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    only: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`npm run bench [-- --json FILE] [--only ${Object.keys(SHAPE).join(',')}] [--no-build]
  Rounds: BENCH_ROUNDS (all), or BENCH_INGEST_ROUNDS, BENCH_UI_ROUNDS, BENCH_TREE_ROUNDS,
  BENCH_LARGE_ROUNDS, BENCH_HISTORY_ROUNDS, BENCH_HISTORY_ENGINE_ROUNDS, BENCH_DESKTOP_ROUNDS,
  BENCH_SATURATION_ROUNDS, BENCH_PACKETS_ROUNDS,
  BENCH_DURABLE_ROUNDS (BENCH_DURABLE_REOPEN: messages to reopen, default 1,000,000).
  BENCH_HEAPSNAPSHOT=folder: heap snapshots of the browser-mode server in the tree section.`);
  process.exit(0);
}
const only = values.only?.split(',').map((name) => name.trim()).filter(Boolean);
const unknown = only?.filter((name) => !(name in SHAPE)) ?? [];
if (unknown.length > 0) {
  console.error(`--only: unknown section(s) ${unknown.join(', ')}; known: ${Object.keys(SHAPE).join(', ')}`);
  process.exit(2);
}

function run(name, command, args, env = {}) {
  console.log(`\n── ${name} ──`);
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
}

// Measuring a stale build would report numbers for code that is no longer there.
// The UI sections measure the built browser mode; `cli` runs the built out/main/qoscope.js.
const needsBuild = !only || only.some((name) => UI_SECTIONS.includes(name) || name === 'cli' || name === 'broker');
if (needsBuild && !values['no-build'] && run('build (electron-vite)', bin('electron-vite'), ['build']) !== 0) {
  console.error('\nThe build failed, so the UI sections cannot be measured. Fix it, or run with --no-build to measure the existing out/.');
  process.exit(1);
}

const scratch = process.env.BENCH_JSON ? undefined : mkdtempSync(path.join(tmpdir(), 'qoscope-bench-'));
const jsonFile = process.env.BENCH_JSON ?? path.join(scratch, 'bench.json');
const status = run('bench (vitest, bench/vitest.config.ts)', bin('vitest'), ['run', '--config', 'bench/vitest.config.ts'], {
  BENCH_JSON: jsonFile,
  ...(only ? { BENCH_ONLY: only.join(',') } : {}),
});

// Whatever was measured is reported, also when a scenario failed.
let results = {};
if (existsSync(jsonFile)) results = JSON.parse(readFileSync(jsonFile, 'utf8'));
if (only) results = Object.fromEntries(Object.entries(results).filter(([name]) => only.includes(name)));
console.log(`\n── results ──\n${table(results, only)}`);
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nJSON: ${path.resolve(values.json)}`);
}
if (scratch) rmSync(scratch, { recursive: true, force: true });
if (status !== 0) console.error(`\nvitest exited with ${status}: some scenario could not run (see above).`);
process.exit(status);
