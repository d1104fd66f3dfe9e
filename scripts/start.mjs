// `npm start`: the desktop app when Electron's binary is installed, otherwise browser mode.
// `npm run web` (--web): always browser mode. Builds first when the sources are newer than the build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceWeb = args.includes('--web');
const passThrough = args.filter((arg) => arg !== '--web');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const built = path.join(root, 'out/main/server.js');
  const sources = Math.max(newestMtime(path.join(root, 'src')), statSync(path.join(root, 'electron.vite.config.ts')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.log('Building QoScope…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Electron ≥ 42 downloads its binary on first launch; here we only use one that is already installed. */
function electronBinary() {
  const dir = path.join(root, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'node_modules/electron has no binary installed (no path.txt)' };
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { missing: `${binary} does not exist` };
  return { binary };
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

buildIfStale();
const electron = forceWeb ? undefined : electronBinary();
if (electron?.binary) {
  console.log('Starting the QoScope desktop app…');
  run(electron.binary, [root, ...passThrough]);
} else {
  if (electron?.missing) {
    console.log(`Electron is not available (${electron.missing}); starting browser mode instead.`);
  }
  run(process.execPath, [path.join(root, 'out/main/server.js'), ...passThrough]);
}
