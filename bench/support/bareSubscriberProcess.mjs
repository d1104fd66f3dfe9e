// A plain MQTT.js subscriber in a process of its own: `node bareSubscriberProcess.mjs PORT FILTER`.
// Prints `ready` once subscribed, then every 100 ms a JSON line {received, first, last} (ms,
// performance.now of this process) until stdin closes. See bareSubscriberInProcess in arrivals.ts.
/* global process, setInterval, clearInterval, performance */
import mqtt from 'mqtt';

const [port, filter] = process.argv.slice(2);
const client = await mqtt.connectAsync({ host: '127.0.0.1', port: Number(port), reconnectPeriod: 0 });
let received = 0;
let first;
let last;
client.on('message', () => {
  const now = performance.now();
  first ??= now;
  last = now;
  received += 1;
});
await client.subscribeAsync(filter, { qos: 0 });
process.stdout.write('ready\n');
const report = () => process.stdout.write(`${JSON.stringify({ received, first, last })}\n`);
const timer = setInterval(report, 100);
process.stdin.resume();
process.stdin.on('end', async () => {
  clearInterval(timer);
  report();
  await client.endAsync();
  process.exit(0);
});
