// Browser mode entry: the same engine and UI as the desktop app, served to a browser on this
// machine. Never imports electron.
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brokerUrls } from '../shared/domain/broker';
import { QoScopeApp } from './app';
import { startBrowserModeServer, type BrowserModeServer } from './transport/browserModeServer';
import { browserModeDataDir } from './store/dataDir';

/** Where browser mode cannot go on: one line the user can act on, no stack, exit code 2. */
function fail(message: string): never {
  console.error(`QoScope could not start: ${message}`);
  process.exit(2);
}

function options() {
  try {
    // No defaults here: a port given on the command line is kept or refused, never replaced.
    return parseArgs({
      options: {
        port: { type: 'string' },
        'broker-port': { type: 'string' },
        'broker-ws-port': { type: 'string' },
        'no-broker': { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
      },
    }).values;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

function portOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || value.trim() === '') {
    fail(`--${name} must be a port number from 0 to 65535 (0 = any free port), not "${value}"`);
  }
  return port;
}

function dataDirOption(value: string | undefined): string {
  const dir = path.resolve(value ?? browserModeDataDir());
  try {
    if (!statSync(dir).isDirectory()) fail(`the data folder ${dir} is a file, not a folder (--data-dir)`);
  } catch (error) {
    // Not there yet: it is created on the first save.
    if ((error as { code?: string }).code !== 'ENOENT') fail(`the data folder ${dir} cannot be read (${(error as Error).message})`);
  }
  return dir;
}

const values = options();
const uiPort = portOption('port', values.port, 7883);
const app = new QoScopeApp({
  dataDir: dataDirOption(values['data-dir']),
  broker: {
    autoStart: !values['no-broker'],
    mqttPort: portOption('broker-port', values['broker-port'], 1883),
    wsPort: portOption('broker-ws-port', values['broker-ws-port'], 8083),
    exact: { mqtt: values['broker-port'] !== undefined, ws: values['broker-ws-port'] !== undefined },
  },
});

let web: BrowserModeServer;
let status: Awaited<ReturnType<QoScopeApp['start']>>;
try {
  status = await app.start();
  const here = path.dirname(fileURLToPath(import.meta.url));
  web = await startBrowserModeServer({
    rendererRoot: path.resolve(here, '../renderer'),
    host: app.host,
    messageExports: app.connections,
    port: uiPort,
    exactPort: values.port !== undefined,
  });
} catch (error) {
  await app.dispose().catch(() => undefined);
  fail(error instanceof Error ? error.message : String(error));
}

console.log(`QoScope (browser mode) is at ${web.url}`);
const storage = await app.profiles.storage();
console.log(`Saved connections: ${storage.dataDir} (${storage.secrets})`);
for (const notice of storage.notices) console.log(`Notice: ${notice}`);
const urls = brokerUrls(status);
if (urls) {
  console.log(`Embedded broker: ${urls.mqtt}  ${urls.ws}`);
  if (status.state === 'running' && status.notice) console.log(`Notice: ${status.notice}`);
} else if (status.state === 'stopped' && status.error) {
  console.log(`Embedded broker did not start: ${status.error}`);
} else {
  console.log('Embedded broker: off (start it from the UI)');
}

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await web.close();
  await app.dispose();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
