// Browser mode entry: the same engine and UI as the desktop app, served to a browser on this
// machine. Never imports electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brokerUrls } from '../shared/domain/broker';
import { QoScopeApp } from './app';
import { startBrowserModeServer } from './transport/browserModeServer';
import { browserModeDataDir } from './store/dataDir';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '7883' },
    'broker-port': { type: 'string', default: '1883' },
    'broker-ws-port': { type: 'string', default: '8083' },
    'no-broker': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  },
});

function portOption(name: string, value: string | undefined): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--${name} must be a port number from 0 to 65535 (0 = any free port), not "${value}"`);
    process.exit(2);
  }
  return port;
}

const app = new QoScopeApp({
  dataDir: path.resolve(values['data-dir'] ?? browserModeDataDir()),
  broker: {
    autoStart: !values['no-broker'],
    mqttPort: portOption('broker-port', values['broker-port']),
    wsPort: portOption('broker-ws-port', values['broker-ws-port']),
  },
});
const status = await app.start();
const here = path.dirname(fileURLToPath(import.meta.url));
const web = await startBrowserModeServer({
  rendererRoot: path.resolve(here, '../renderer'),
  host: app.host,
  messageExports: app.connections,
  port: portOption('port', values.port),
});

console.log(`QoScope (browser mode) is at ${web.url}`);
const storage = await app.profiles.storage();
console.log(`Saved connections: ${storage.dataDir} (${storage.secrets})`);
for (const notice of storage.notices) console.log(`Notice: ${notice}`);
const urls = brokerUrls(status);
if (urls) {
  console.log(`Embedded broker: ${urls.mqtt}  ${urls.ws}`);
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
