// `node scripts/smoke-packaged.mjs`: runs the app that `npm run dist` packaged for this OS and CPU
// with --smoke-test (start the embedded broker, open the window, round-trip one message through
// the UI, exit). Exits with the app's code; on Linux run it under xvfb-run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = 180_000;

/** electron-builder's unpacked output folders (x64 has no arch suffix). */
function packagedBinary() {
  const suffix = process.arch === 'x64' ? '' : `-${process.arch}`;
  switch (process.platform) {
    case 'darwin':
      return path.join(root, `dist/mac${suffix}/QoScope.app/Contents/MacOS/QoScope`);
    case 'win32':
      return path.join(root, `dist/win${suffix}-unpacked/QoScope.exe`);
    default:
      return path.join(root, `dist/linux${suffix}-unpacked/qoscope`);
  }
}

const binary = packagedBinary();
if (!existsSync(binary)) {
  console.error(`No packaged app at ${path.relative(root, binary)}: run \`npm run dist\` first.`);
  process.exit(1);
}
console.log(`Smoke test: ${path.relative(root, binary)} --smoke-test`);
const child = spawn(binary, ['--smoke-test'], { stdio: 'inherit' });
const timer = setTimeout(() => {
  console.error(`The smoke test did not finish within ${TIMEOUT_MS / 1000} s; stopping the app.`);
  child.kill();
}, TIMEOUT_MS);
child.on('error', (error) => {
  console.error(`Could not start the packaged app: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  clearTimeout(timer);
  if (code === 0) console.log('Smoke test passed.');
  else console.error(`Smoke test failed: the app exited with ${signal ?? `code ${code}`}.`);
  process.exit(code === 0 ? 0 : 1);
});
