// `npm run interop`: the Paho MQTT interoperability suites (3.1.1 client_test.py, 5.0
// client_test5.py) against the embedded broker and Debian mosquitto, side by side in one run.
// The suites live outside the repo: $QOSCOPE_PAHO_DIR, else ../shared/paho-interop. Needs the
// build (out/main/server.js hosts the embedded broker) and python3.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const paho = process.env.QOSCOPE_PAHO_DIR ?? path.resolve(root, '../shared/paho-interop');
if (!existsSync(path.join(paho, 'run.py'))) {
  console.error(`Paho interoperability suite not found at ${paho} (set QOSCOPE_PAHO_DIR)`);
  process.exit(2);
}
const server = path.join(root, 'out/main/server.js');
if (!existsSync(server)) {
  console.error('out/main/server.js is missing: run `npx electron-vite build` first');
  process.exit(2);
}
const TIMEOUT_S = process.env.INTEROP_TIMEOUT ?? '30';
const work = mkdtempSync(path.join(tmpdir(), 'qoscope-interop-'));

const freePort = () =>
  new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** Browser mode with its embedded broker on a free port (the UI server is not used). */
async function startEmbedded() {
  const port = await freePort();
  const child = spawn(process.execPath, [server, '--port', '0', '--broker-port', String(port), '--broker-ws-port', '0', '--data-dir', path.join(work, 'data')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the embedded broker did not start:\n${output}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Embedded broker: mqtt://')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`browser mode exited ${code}:\n${output}`)));
  });
  return { name: 'embedded', port, stop: () => child.kill() };
}

async function startMosquitto() {
  const port = await freePort();
  const conf = path.join(work, 'mosquitto.conf');
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n${process.getuid?.() === 0 ? 'user root\n' : ''}`);
  const child = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
  for (let i = 0; i < 100; i += 1) {
    const up = await new Promise((resolve) => net.connect(port, '127.0.0.1').once('connect', function () { this.end(); resolve(true); }).once('error', () => resolve(false)));
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const version = spawnSync('mosquitto', ['-h'], { encoding: 'utf8' }).stdout.match(/mosquitto version (\S+)/)?.[1] ?? '';
  return { name: `mosquitto ${version}`.trim(), port, stop: () => child.kill() };
}

function score(suite, broker) {
  const out = path.join(work, `${broker.name.replace(/\W/g, '_')}-${suite}.json`);
  console.log(`\n── ${suite} against ${broker.name} (127.0.0.1:${broker.port}) ──`);
  spawnSync('python3', [path.join(paho, 'run.py'), suite, '127.0.0.1', String(broker.port), '--timeout', TIMEOUT_S, '--json', out], { stdio: 'inherit' });
  return existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { passed: 0, total: 0, tests: {} };
}

const brokers = [await startEmbedded(), await startMosquitto()];
try {
  for (const suite of ['client_test.py', 'client_test5.py']) {
    const results = brokers.map((broker) => score(suite, broker));
    const names = Object.keys(results[0].tests);
    console.log(`\n${suite}: ${brokers.map((b, i) => `${b.name} ${results[i].passed}/${results[i].total}`).join(', ')}`);
    console.log(`${'test'.padEnd(36)} ${brokers.map((b) => b.name.padEnd(18)).join(' ')}`);
    for (const name of names) console.log(`${name.padEnd(36)} ${results.map((r) => String(r.tests[name] ?? '-').padEnd(18)).join(' ')}`);
  }
} finally {
  for (const broker of brokers) broker.stop();
  rmSync(work, { recursive: true, force: true });
}
