/**
 * The `qoscope` CLI against plain MQTT.js, same mosquitto, same round, 64-byte QoS 0 messages:
 *   pub — `qoscope pub -l` fed the messages on stdin vs an MQTT.js publishing loop (and, for
 *         reference, `mosquitto_pub -l`), each timed by one bare subscriber;
 *   sub — `qoscope sub -C N` printing to a pipe vs a bare MQTT.js subscriber, on the same flood.
 * Writes the `cli` section: pub_ratio_to_mqttjs, sub_ratio_to_mqttjs, lost.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, it } from 'vitest';
import type { RunningMosquitto } from '../test/support/mosquitto';
import { startBenchBroker } from './support/benchBroker';
import { Arrivals, bareSubscriber } from './support/arrivals';
import { flood } from './feed';
import { mergeBenchJson } from './support/benchJson';
import { foldRounds, wanted, type Section } from './support/rounds';

const MESSAGES = Number(process.env.BENCH_CLI_MESSAGES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? process.env.BENCH_ROUNDS ?? 3);
const CLI = path.resolve(__dirname, '../out/main/qoscope.js');
const LINE = `${'x'.repeat(64)}\n`;

let broker: RunningMosquitto | undefined;
beforeAll(async () => {
  if (!wanted('cli')) return;
  broker = await startBenchBroker();
});
afterAll(async () => broker?.stop());

/** The rate a bare subscriber sees while `publish` sends MESSAGES to `topic`. */
async function received(port: number, topic: string, publish: () => Promise<unknown>): Promise<Arrivals> {
  const { arrivals } = await bareSubscriber(port, topic, async () => {
    await publish();
    return { sent: MESSAGES };
  });
  return arrivals;
}

function qoscopePub(port: number, topic: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'pub', '-p', String(port), '-t', topic, '-l'], { stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`qoscope pub exited ${code}`))));
    child.stdin.end(LINE.repeat(MESSAGES));
  });
}

async function mqttjsPub(port: number, topic: string): Promise<void> {
  const client = await mqtt.connectAsync({ host: '127.0.0.1', port, reconnectPeriod: 0 });
  const payload = Buffer.from('x'.repeat(64));
  for (let i = 0; i < MESSAGES; i += 1) {
    const sending = client.publishAsync(topic, payload, { qos: 0 });
    if (i % 1000 === 999) await sending;
  }
  await client.endAsync();
}

/**
 * `qoscope sub -v` on the flood's topic and a ready topic: probes go to the ready topic until one
 * is printed (the subscriptions are in place), then the flood; msg/s from the first flood line
 * printed to the last.
 */
async function qoscopeSub(port: number, topic: string): Promise<Arrivals> {
  const arrivals = new Arrivals();
  const readyTopic = `${topic}-ready`;
  const child = spawn(process.execPath, [CLI, 'sub', '-p', String(port), '-t', topic, '-t', readyTopic, '-v'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let ready = false;
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    let flood = 0;
    for (const line of lines) {
      if (line.startsWith(`${readyTopic} `)) ready = true;
      else if (line.startsWith(`${topic} `)) flood += 1;
    }
    if (flood > 0) arrivals.count(flood);
  });
  const prober = await mqtt.connectAsync({ host: '127.0.0.1', port, reconnectPeriod: 0 });
  for (let i = 0; !ready && i < 200; i += 1) {
    await prober.publishAsync(readyTopic, 'ready', { qos: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await prober.endAsync();
  await flood(port, topic, MESSAGES);
  await arrivals.settle(MESSAGES);
  child.kill();
  return arrivals;
}

it.skipIf(!wanted('cli'))(`cli: qoscope pub and sub against MQTT.js, ${MESSAGES.toLocaleString('en-US')} messages, ${ROUNDS} rounds`, async () => {
  if (!broker) throw new Error('mosquitto did not start');
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm run bench builds)`);
  const port = broker.port;
  const rounds: Section[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const viaQoscope = await received(port, 'bench/cli/pub', () => qoscopePub(port, 'bench/cli/pub'));
    const viaMqttjs = await received(port, 'bench/cli/pub', () => mqttjsPub(port, 'bench/cli/pub'));
    const viaMosquitto = await received(port, 'bench/cli/pub', () => flood(port, 'bench/cli/pub', MESSAGES));
    const sub = await qoscopeSub(port, 'bench/cli/sub');
    const bare = await bareSubscriber(port, 'bench/cli/sub', async () => (await flood(port, 'bench/cli/sub', MESSAGES), { sent: MESSAGES }));
    const rate = (a: Arrivals) => a.msgsPerSecond ?? 0;
    rounds.push({
      pub_ratio_to_mqttjs: rate(viaQoscope) / Math.max(1, rate(viaMqttjs)),
      sub_ratio_to_mqttjs: rate(sub) / Math.max(1, rate(bare.arrivals)),
      lost: MESSAGES - sub.received + (MESSAGES - viaQoscope.received),
      qoscope_pub_msgs_per_s: Math.round(rate(viaQoscope)),
      mqttjs_pub_msgs_per_s: Math.round(rate(viaMqttjs)),
      mosquitto_pub_msgs_per_s: Math.round(rate(viaMosquitto)),
      qoscope_sub_msgs_per_s: Math.round(rate(sub)),
      mqttjs_sub_msgs_per_s: Math.round(rate(bare.arrivals)),
      messages: MESSAGES,
    });
  }
  if (process.env.BENCH_JSON) mergeBenchJson(process.env.BENCH_JSON, { cli: foldRounds(rounds, { lost: 'max' }) });
});
